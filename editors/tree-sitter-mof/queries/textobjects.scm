; Text objects (nvim-treesitter-textobjects): classes, methods, parameters, comments.
(class_declaration
  body: (class_body) @class.inner) @class.outer

(instance_declaration
  body: (instance_body) @class.inner) @class.outer

(method_declaration) @function.outer

(method_declaration
  parameters: (parameter_list) @function.inner)

[
  (parameter)
  (reference_parameter)
] @parameter.inner

(qualifier) @attribute.inner

(qualifier_list) @attribute.outer

(comment) @comment.outer
