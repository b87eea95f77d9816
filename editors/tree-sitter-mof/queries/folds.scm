; Folds (nvim-treesitter): class and instance bodies, arrays, long qualifier lists, block comments.
[
  (class_body)
  (instance_body)
  (array_value)
  (parameter_list)
  (qualifier_list)
  (comment)
] @fold
