; Text objects (Helix): classes and instances, methods, parameters, comments.
(class_declaration
  body: (class_body) @class.inside) @class.around

(instance_declaration
  body: (instance_body) @class.inside) @class.around

(method_declaration
  parameters: (parameter_list) @function.inside) @function.around

[
  (parameter)
  (reference_parameter)
] @parameter.inside

(comment) @comment.inside

(comment)+ @comment.around
