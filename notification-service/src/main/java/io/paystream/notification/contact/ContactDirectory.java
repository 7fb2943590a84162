package io.paystream.notification.contact;

import reactor.core.publisher.Mono;

/** Looks up a customer's contacts. */
public interface ContactDirectory {

  /** The customer's contacts; empty when the registry does not know the customer. */
  Mono<Contact> find(String customerId);

  /**
   * The customer's contacts read from the registry itself, bypassing and then refreshing any cache
   * (used for DLT replays, which operators start after fixing a customer's data). Defaults to
   * {@link #find}.
   */
  default Mono<Contact> findFresh(String customerId) {
    return find(customerId);
  }
}
