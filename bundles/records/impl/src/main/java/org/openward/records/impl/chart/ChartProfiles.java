package org.openward.records.impl.chart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openward.platform.api.error.NotFoundException;
import org.openward.records.api.ChartService;

/** The resource types of the chart, each with its profile, in {@link ChartService#RESOURCE_TYPES} order. */
final class ChartProfiles {

    private static final Map<String, ChartProfile<?>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (ChartProfile<?> profile : List.of(new EncounterProfile(), new ConditionProfile(),
                new AllergyIntoleranceProfile(), new MedicationStatementProfile(), new ObservationProfile(),
                new DiagnosticReportProfile(), new ImmunizationProfile(), new DocumentReferenceProfile())) {
            BY_TYPE.put(profile.type(), profile);
        }
        if (!List.copyOf(BY_TYPE.keySet()).equals(ChartService.RESOURCE_TYPES)) {
            throw new IllegalStateException("the chart's profiles do not match ChartService.RESOURCE_TYPES");
        }
    }

    private ChartProfiles() {
    }

    static List<ChartProfile<?>> all() {
        return List.copyOf(BY_TYPE.values());
    }

    /** The profile of a chart type; 404 for any other type. */
    static ChartProfile<?> of(String type) {
        ChartProfile<?> profile = BY_TYPE.get(type);
        if (profile == null) {
            throw new NotFoundException("OW-1240", "the chart keeps no resources of type " + type);
        }
        return profile;
    }
}
