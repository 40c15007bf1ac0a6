package org.openward.pharmacy.impl.barcode;

/**
 * What a medication barcode says. Either {@code gtin} or {@code ndc10} is set (a GTIN that embeds an NDC sets
 * both). Produced by {@link Barcodes#product(String)}.
 *
 * @param gtin   the GTIN as 14 digits (GTIN-14, shorter GTINs padded with leading zeros), check digit verified;
 *               {@code null} when only an NDC was read
 * @param ndc10  the National Drug Code as 10 digits without hyphens, or {@code null} when the code carries none
 * @param lot    the batch/lot number (GS1 AI 10), or {@code null}
 * @param expiry the expiry date (GS1 AI 17), or {@code null}
 * @param serial the serial number (GS1 AI 21), or {@code null}
 */
public record ScannedProduct(String gtin, String ndc10, String lot, java.time.LocalDate expiry, String serial) {}
