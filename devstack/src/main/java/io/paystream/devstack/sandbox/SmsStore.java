package io.paystream.devstack.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every message the SMS sandbox accepted, in arrival order (in memory, for the process's life). */
public final class SmsStore {

  private final List<SmsMessage> messages = new CopyOnWriteArrayList<>();

  /** Records a message. */
  public void add(SmsMessage message) {
    messages.add(message);
  }

  /**
   * Messages oldest first, optionally only to {@code to} and only received at or after {@code
   * since}.
   *
   * @param to E.164 recipient, or {@code null} for all
   * @param since lower bound (inclusive), or {@code null} for all
   */
  public List<SmsMessage> find(String to, Instant since) {
    return messages.stream()
        .filter(m -> to == null || m.to().equals(to))
        .filter(m -> since == null || !m.receivedAt().isBefore(since))
        .toList();
  }
}
