; Indentation (Helix): one level inside braces, brackets and parentheses.
[
  (class_body)
  (instance_body)
  (array_value)
  (parameter_list)
  (qualifier_list)
  (pragma_arguments)
] @indent

[
  "}"
  "]"
  ")"
] @outdent
