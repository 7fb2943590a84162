package io.paystream.fds.ruleset;

/**
 * One rule as operators write it (JSON).
 *
 * @param name {@code [a-z][a-z0-9_]{0,62}}, unique in its set; its upper-case form is the reason
 *     code a decision records when it fires (e.g. {@code impossible_travel} → {@code
 *     IMPOSSIBLE_TRAVEL})
 * @param expression a CEL expression of type {@code bool} over the variables of {@link
 *     io.paystream.fds.risk.Feature}
 * @param action {@code allow}, {@code review}, {@code step_up} or {@code decline}
 * @param mode {@code active} (default when absent) or {@code shadow}
 * @param description free text for people, may be {@code null}
 */
public record RuleDefinition(
    String name, String expression, String action, String mode, String description) {}
