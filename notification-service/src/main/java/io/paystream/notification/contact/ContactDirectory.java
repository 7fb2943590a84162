package io.paystream.notification.contact;

import reactor.core.publisher.Mono;

/** Looks up a customer's contacts. */
public interface ContactDirectory {

  /** The customer's contacts; empty when the registry does not know the customer. */
  Mono<Contact> find(String customerId);
}
