/**
 * @file MOF (Managed Object Format, DSP0004 v2 with the WMI and OMI extensions) as mofc reads it
 * @license MIT OR Apache-2.0
 *
 * A grammar for editors (highlighting, folding, text objects), not for checking: it follows
 * mofc's grammar (grammar/mof.lalrpop) and lexer (src/syntax/token.rs), and accepts a little more
 * where that costs nothing, so that no file mofc reads gives a syntax error here. mofc checks the
 * rest (types, scopes, flavors, literal forms) and reports it.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/** A keyword, matched in any letter case as MOF's are, and named by its lower-case spelling. */
const keyword = (word) => alias(new RegExp(word, 'i'), word);

/** One or more `rule`, separated by commas. */
const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));

/** The intrinsic data types of DSP0004 v2, and WMI's `object`. */
const PRIMITIVE_TYPES = [
  'uint8', 'uint16', 'uint32', 'uint64',
  'sint8', 'sint16', 'sint32', 'sint64',
  'real32', 'real64',
  'string', 'char16', 'boolean', 'datetime', 'object',
];

/** The C preprocessor directives that mofc runs (src/syntax/cpp.rs), as its lexer names them. */
const DIRECTIVES = 'define|undef|include|ifdef|ifndef|if|elif|else|endif|error|line';

/** A name character beyond ASCII: mofc's identifiers take any of them. */
const NON_ASCII = '[^\\x00-\\x7F]';

/** `instance of Class [as $alias] { ... }`, with `value of` (DSP0221) read alike. */
const instance = ($) => seq(
  optional($.qualifier_list),
  choice(keyword('instance'), keyword('value')),
  keyword('of'),
  field('class', $.identifier),
  optional($.alias_declaration),
  field('body', $.instance_body),
);

module.exports = grammar({
  name: 'mof',

  // C preprocessor lines may stand anywhere, as they do in WDK sources (mofc runs them on tokens).
  extras: ($) => [/\s/, /\\\r?\n/, $.comment, $.preproc_directive],

  word: ($) => $.identifier,


  rules: {
    source_file: ($) => repeat($._declaration),

    _declaration: ($) => choice(
      $.pragma,
      $.qualifier_declaration,
      $.class_declaration,
      $.instance_declaration,
    ),

    // ------------------------------------------------------------------ lexical

    comment: (_) => token(choice(
      seq('//', /[^\n]*/),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),

    /** `#define`, `#include`, `#ifdef`..., with continuation lines: one token, as mofc lexes it. */
    preproc_directive: (_) => token(seq(
      new RegExp(`#[ \\t]*(${DIRECTIVES})`),
      /([^\n\\]|\\\r?\n|\\[^\n])*/,
    )),

    /** Decimal, `0x` hexadecimal, leading-`0` octal and `b`-suffixed binary, signed or not. */
    integer: (_) => /[+-]?(0[xX][0-9A-Fa-f]+|[0-9]+[bB]?)/,

    real: (_) => /[+-]?([0-9]*\.[0-9]+([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+)/,

    /** A string literal; strings may span lines, as OMI and OpenPegasus accept. */
    string: ($) => seq(
      '"',
      repeat(choice(
        alias($._string_content, $.string_content),
        $.escape_sequence,
      )),
      token.immediate('"'),
    ),

    _string_content: (_) => token.immediate(prec(1, /[^"\\]+/)),

    /** Any backslash escape: mofc reports the unknown ones (`\s`), which still read as escapes. */
    escape_sequence: (_) => token.immediate(seq('\\', choice(/[xX][0-9A-Fa-f]{1,4}/, /[^\r\n]/))),

    /**
     * Adjacent string literals, which MOF joins into one; in WDK sources, some are macros that
     * the C preprocessor replaces by strings (`cpp_quote(MODULE_HEADER "#include <x.h>")`).
     */
    concatenated_string: ($) => seq($._string_piece, repeat1($._string_piece)),

    _string_piece: ($) => choice($.string, alias($.identifier, $.constant)),

    char: ($) => seq(
      '\'',
      repeat(choice(
        alias(token.immediate(prec(1, /[^'\\\r\n]+/)), $.char_content),
        $.escape_sequence,
      )),
      token.immediate('\''),
    ),

    boolean: (_) => choice(keyword('true'), keyword('false')),

    null: (_) => keyword('null'),

    // ------------------------------------------------------------------ pragmas

    /** `#pragma namespace("\\\\.\\root")`, `#pragma autorecover`. */
    pragma: ($) => seq(
      alias(/#[ \t]*[pP][rR][aA][gG][mM][aA]/, '#pragma'),
      field('name', $.identifier),
      optional(field('arguments', $.pragma_arguments)),
    ),

    pragma_arguments: ($) => seq('(', commaSep1(choice($._string_literal, $.integer, $.identifier)), ')'),

    // ------------------------------------------------------------------ qualifier declarations

    /**
     * `qualifier Name : type[] = default, scope(...), flavor(...);`, or mofcomp's default flavors
     * alone: `qualifier Description : ToSubclass Amended;`.
     */
    qualifier_declaration: ($) => seq(
      keyword('qualifier'),
      field('name', $.identifier),
      ':',
      choice(
        seq(
          field('type', $._type),
          optional($.array_spec),
          optional(seq('=', field('default', $._value))),
          repeat(seq(',', choice($.scope, $.flavor_list))),
        ),
        seq($.flavor, repeat1($.flavor)),
      ),
      ';',
    ),

    scope: ($) => seq(keyword('scope'), '(', commaSep1(alias($.identifier, $.scope_name)), ')'),

    flavor_list: ($) => seq(keyword('flavor'), '(', commaSep1($.flavor), ')'),

    flavor: ($) => $.identifier,

    _type: ($) => choice($.primitive_type, $.identifier),

    primitive_type: (_) => choice(...PRIMITIVE_TYPES.map(keyword)),

    array_spec: ($) => seq('[', optional(field('size', $.integer)), ']'),

    // ------------------------------------------------------------------ qualifier lists

    qualifier_list: ($) => seq('[', commaSep1($.qualifier), ']'),

    /** `Name`, `Name(value)`, `Name{values}`, with WMI flavors after a colon. */
    qualifier: ($) => seq(
      field('name', $.identifier),
      optional(choice(
        seq('(', field('value', $._value), ')'),
        field('value', $.array_value),
      )),
      optional(seq(':', repeat1($.flavor))),
    ),

    // ------------------------------------------------------------------ classes

    class_declaration: ($) => seq(
      optional($.qualifier_list),
      keyword('class'),
      field('name', $.identifier),
      optional(seq(':', field('superclass', $.identifier))),
      optional($.alias_declaration),
      field('body', $.class_body),
      ';',
    ),

    class_body: ($) => seq('{', repeat(choice($.property_declaration, $.reference_declaration, $.method_declaration)), '}'),

    property_declaration: ($) => seq($._property, ';'),

    reference_declaration: ($) => seq($._reference, ';'),

    _property: ($) => seq(
      optional($.qualifier_list),
      field('type', $._type),
      field('name', $.identifier),
      optional($.array_spec),
      optional(seq('=', field('default', $._value))),
    ),

    _reference: ($) => seq(
      optional($.qualifier_list),
      field('class', $.identifier),
      keyword('ref'),
      field('name', $.identifier),
      optional($.array_spec),
      optional(seq('=', field('default', $._value))),
    ),

    method_declaration: ($) => seq(
      optional($.qualifier_list),
      choice(
        seq(field('type', $._type), optional($.array_spec)),
        seq(field('class', $.identifier), keyword('ref')),
      ),
      field('name', $.identifier),
      field('parameters', $.parameter_list),
      ';',
    ),

    parameter_list: ($) => seq('(', optional(commaSep1(choice($.parameter, $.reference_parameter))), ')'),

    parameter: ($) => $._property,

    reference_parameter: ($) => $._reference,

    // ------------------------------------------------------------------ instances

    instance_declaration: ($) => seq(instance($), ';'),

    instance_value: ($) => instance($),

    instance_body: ($) => seq('{', repeat($.property_assignment), '}'),

    property_assignment: ($) => seq(
      optional($.qualifier_list),
      field('name', $.identifier),
      optional(seq('=', field('value', $._value))),
      ';',
    ),

    /** `as $Name` after a class or instance's name. */
    alias_declaration: ($) => seq(keyword('as'), $.alias),

    // ------------------------------------------------------------------ values

    _value: ($) => choice($._scalar, $.array_value, $.instance_value),

    array_value: ($) => seq('{', optional(seq(commaSep1(choice($._scalar, $.instance_value)), optional(','))), '}'),

    _scalar: ($) => choice(
      $.integer,
      $.real,
      $._string_literal,
      $.char,
      $.boolean,
      $.null,
      $.alias,
      // What C macros stand for in WDK sources: names, and `(A | B)` expressions.
      alias($.identifier, $.constant),
      $.parenthesized_expression,
    ),

    _string_literal: ($) => choice($.string, $.concatenated_string),

    parenthesized_expression: ($) => seq('(', $._expression, ')'),

    _expression: ($) => choice($.integer, alias($.identifier, $.constant), $.parenthesized_expression, $.binary_expression),

    binary_expression: ($) => prec.left(seq(field('left', $._expression), field('operator', '|'), field('right', $._expression))),

    // ------------------------------------------------------------------ names

    // Last, so that a keyword, defined before, wins over a name of the same text where both
    // may stand (tree-sitter prefers the earlier of two tokens matching the same string), which
    // lets it extract the keywords and lex them only where they are valid.
    identifier: (_) => new RegExp(`([A-Za-z_]|${NON_ASCII})([A-Za-z0-9_]|${NON_ASCII})*`),

    /** `$name`, where an alias is declared or used. */
    alias: (_) => new RegExp(`\\$([A-Za-z_]|${NON_ASCII})([A-Za-z0-9_]|${NON_ASCII})*`),
  },
});
