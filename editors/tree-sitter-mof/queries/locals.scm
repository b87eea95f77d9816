; Aliases: `as $x` defines one, and `$x` in a value refers to it anywhere in the file (even
; before the definition, as MOF allows).
(source_file) @local.scope

(alias_declaration
  (alias) @local.definition)

(property_assignment
  value: (alias) @local.reference)

(array_value
  (alias) @local.reference)

(property_declaration
  default: (alias) @local.reference)

(reference_declaration
  default: (alias) @local.reference)
