package org.openward.pharmacy.impl.formulary;

/**
 * A drug's dose limits, in the drug's dose unit ({@link FormularyDrug#doseUnit()}); {@code null}
 * means no limit of that kind.
 *
 * <p>The per-kilogram limits apply whenever the patient's weight is known. For a
 * {@code weightBased} drug they are required: without a recorded weight the order checks report
 * that the dose could not be checked. The shipped values are illustrative defaults from
 * standard adult references (with paediatric per-kilogram limits where the drug is commonly
 * dosed by weight); a site's pharmacy and therapeutics committee must review them.
 *
 * @param maxSingle      the largest single dose
 * @param maxDaily       the largest total dose in 24 hours
 * @param maxSinglePerKg the largest single dose per kilogram of body weight
 * @param maxDailyPerKg  the largest total dose in 24 hours per kilogram of body weight
 * @param weightBased    the drug is dosed by weight, so the per-kilogram limits must be checkable
 */
public record DoseLimits(Double maxSingle, Double maxDaily, Double maxSinglePerKg, Double maxDailyPerKg,
        boolean weightBased) {

    public DoseLimits {
        positiveOrNull(maxSingle, "maxSingle");
        positiveOrNull(maxDaily, "maxDaily");
        positiveOrNull(maxSinglePerKg, "maxSinglePerKg");
        positiveOrNull(maxDailyPerKg, "maxDailyPerKg");
        if (weightBased && maxSinglePerKg == null && maxDailyPerKg == null) {
            throw new IllegalArgumentException("a weight-based drug needs maxSinglePerKg or maxDailyPerKg");
        }
    }

    private static void positiveOrNull(Double value, String name) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be a positive number, not " + value);
        }
    }
}
