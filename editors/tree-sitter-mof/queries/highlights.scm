; MOF highlighting, in the capture names of nvim-treesitter (and of tree-sitter's own CLI).
; queries/helix/highlights.scm is this file in Helix's names (the crate's tests keep it so).

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

"ref" @keyword.modifier

; Types: the intrinsic ones, and classes wherever one is named.
(primitive_type) @type.builtin

(class_declaration
  name: (identifier) @type)

(class_declaration
  superclass: (identifier) @type)

(_
  type: (identifier) @type)

(_
  class: (identifier) @type)

; Qualifiers and their flavors.
(qualifier
  name: (identifier) @attribute)

(qualifier_declaration
  name: (identifier) @attribute)

(flavor
  (identifier) @keyword.modifier)

(scope_name) @constant.builtin

; Features.
(property_declaration
  name: (identifier) @property)

(reference_declaration
  name: (identifier) @property)

(property_assignment
  name: (identifier) @property)

(method_declaration
  name: (identifier) @function.method)

(parameter
  name: (identifier) @variable.parameter)

(reference_parameter
  name: (identifier) @variable.parameter)

(alias) @variable

; Values.
(string) @string

(escape_sequence) @string.escape

(char) @character

(integer) @number

(real) @number.float

(boolean) @boolean

(null) @constant.builtin

(constant) @constant

(binary_expression
  operator: "|" @operator)

; Punctuation.
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
