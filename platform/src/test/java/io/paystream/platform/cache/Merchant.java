package io.paystream.platform.cache;

/** A test value: a row of the ITs' {@code merchant} table. */
record Merchant(String id, String name, String category) {}
