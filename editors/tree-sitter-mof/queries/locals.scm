; Aliases: `as $x` defines one, `$x` in a value refers to it, across the whole file.
(source_file) @local.scope

(alias_declaration
  (alias) @local.definition)

(alias) @local.reference
