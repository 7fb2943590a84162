package io.paystream.benefit.catalog;

import io.paystream.contracts.event.CardType;

/**
 * Maps a registry card to a catalog product: by the registry's product code when it is known, else
 * by brand + funding type (the issuer's default product for that pair).
 *
 * @param registryProductCode the registry's {@code productCode}, or {@code null} for a brand + type
 *     default
 * @param brand card brand (case-insensitive), for a brand + type default
 * @param type funding type, for a brand + type default
 * @param productCode the catalog product
 */
public record ProductMapping(
    String registryProductCode, String brand, CardType type, String productCode) {}
