package io.paystream.fds.ruleset;

/**
 * Why a rule was refused.
 *
 * @param index the rule's 0-based position in the set
 * @param rule the rule's name as given (may be {@code null})
 * @param field {@code name}, {@code expression}, {@code action} or {@code mode}
 * @param line 1-based line in the expression of the error, 0 when it is not about the expression
 * @param column 1-based column in that line, 0 when it is not about the expression
 * @param message what is wrong (for an expression, CEL's parser or type checker message)
 */
public record RuleError(
    int index, String rule, String field, int line, int column, String message) {

  /**
   * One line for people: {@code rules[2] (big_online) expression 1:14: undeclared reference ...}.
   */
  public String describe() {
    String where = line > 0 ? " " + line + ":" + column : "";
    return "rules[" + index + "] (" + rule + ") " + field + where + ": " + message;
  }
}
