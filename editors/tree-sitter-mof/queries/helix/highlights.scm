; MOF highlighting in Helix's capture names: queries/highlights.scm with its nvim-treesitter names
; renamed (the crate's tests keep the two in step). Copy to runtime/queries/mof/.

(comment) @comment

(preproc_directive) @keyword.directive

"#pragma" @keyword.directive

(pragma
  name: (identifier) @function.macro)

[
  "class"
  "instance"
  "value"
  "of"
  "as"
  "qualifier"
  "scope"
  "flavor"
] @keyword

"ref" @keyword.storage.modifier

(primitive_type) @type.builtin

(class_declaration
  name: (identifier) @type)

(class_declaration
  superclass: (identifier) @type)

(_
  type: (identifier) @type)

(_
  class: (identifier) @type)

(qualifier
  name: (identifier) @attribute)

(qualifier_declaration
  name: (identifier) @attribute)

(flavor
  (identifier) @keyword.storage.modifier)

(scope_name) @constant.builtin

(property_declaration
  name: (identifier) @variable.other.member)

(reference_declaration
  name: (identifier) @variable.other.member)

(property_assignment
  name: (identifier) @variable.other.member)

(method_declaration
  name: (identifier) @function.method)

(parameter
  name: (identifier) @variable.parameter)

(reference_parameter
  name: (identifier) @variable.parameter)

(alias) @variable

(string) @string

(escape_sequence) @constant.character.escape

(char) @constant.character

(integer) @constant.numeric.integer

(real) @constant.numeric.float

(boolean) @constant.builtin.boolean

(null) @constant.builtin

(constant) @constant

(binary_expression
  operator: "|" @operator)

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

[
  ","
  ";"
  ":"
  "="
] @punctuation.delimiter
