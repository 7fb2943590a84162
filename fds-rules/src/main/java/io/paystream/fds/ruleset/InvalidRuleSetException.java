package io.paystream.fds.ruleset;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile: every error found, with its position. */
public final class InvalidRuleSetException extends RuntimeException {

  private final transient List<RuleError> errors;

  /** A refusal for these (at least one) errors. */
  public InvalidRuleSetException(List<RuleError> errors) {
    super(errors.stream().map(RuleError::describe).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  /** The errors, in rule order. */
  public List<RuleError> errors() {
    return errors;
  }
}
