package org.openward.records.impl.chart;

import java.util.ArrayList;
import java.util.List;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirDateRange;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchParameter.Type;
import org.openward.records.api.ChartQuery;
import org.openward.records.api.ChartQuery.Token;

/** The search parameters of one chart type and how a FHIR search becomes a {@link ChartQuery}. */
final class ChartSearchParameters {

    private final ChartProfile<?> profile;
    private final List<FhirSearchParameter> declared;

    ChartSearchParameters(ChartProfile<?> profile) {
        this.profile = profile;
        ChartProfile.Parameters names = profile.parameters();
        List<FhirSearchParameter> list = new ArrayList<>();
        list.add(new FhirSearchParameter("patient", Type.REFERENCE, "The patient (Patient/{id} or {id}); required"));
        list.add(new FhirSearchParameter(names.date(), Type.DATE, "The record's date: YYYY, YYYY-MM, YYYY-MM-DD or a"
                + " dateTime, with prefix eq, gt, ge, lt or le; repeat for a range. _sort=date or -date (the default)"));
        list.add(new FhirSearchParameter(names.code(), Type.TOKEN, "system|code, code or system|; comma for either"));
        if (names.category() != null) {
            list.add(new FhirSearchParameter(names.category(), Type.TOKEN, "system|code, code or system|; comma for either"));
        }
        list.add(new FhirSearchParameter(names.status(), Type.TOKEN, "Status codes, comma for either; records entered"
                + " in error are found only when asked for (entered-in-error)"));
        this.declared = List.copyOf(list);
    }

    List<FhirSearchParameter> declared() {
        return declared;
    }

    ChartQuery toQuery(FhirSearch search) {
        ChartProfile.Parameters names = profile.parameters();
        String patient = null;
        FhirDateRange range = null;
        List<Token> codes = List.of();
        List<Token> categories = List.of();
        List<String> statuses = List.of();
        for (String name : search.names()) {
            List<String> values = search.values(name);
            if (name.contains(":")) {
                throw invalid("OW-1121", name, name + ": search modifiers are not supported here");
            }
            if (name.equals(names.date())) {
                range = FhirDateRange.parse(name, values);
                continue;
            }
            if (values.size() > 1) {
                throw invalid("OW-1122", name, name + ": give the parameter once (separate alternatives by commas)");
            }
            String value = values.get(0);
            if (name.equals("patient")) {
                patient = value.startsWith("Patient/") ? value.substring("Patient/".length()) : value;
                if (patient.isEmpty() || patient.contains("/")) {
                    throw invalid("OW-1212", name, "patient: Patient/{id} or {id}, was '" + value + "'");
                }
            } else if (name.equals(names.code())) {
                codes = tokens(name, value);
            } else if (name.equals(names.category())) {
                categories = tokens(name, value);
            } else if (name.equals(names.status())) {
                statuses = List.of(value.split(","));
            } else {
                throw invalid("OW-0023", name, "unknown search parameter '" + name + "'");
            }
        }
        if (patient == null) {
            throw invalid("OW-1212", "patient", profile.type() + " searches name the patient: ?patient={id}");
        }
        boolean newestFirst = true;
        for (String key : search.sort()) {
            if (key.equals("date") || key.equals(names.date())) {
                newestFirst = false;
            } else if (key.equals("-date") || key.equals("-" + names.date())) {
                newestFirst = true;
            } else {
                throw invalid("OW-1213", "_sort", "_sort: " + profile.type() + " sorts by date (" + names.date()
                        + ") or -date only, was '" + key + "'");
            }
        }
        return new ChartQuery(profile.type(), patient, range == null ? null : range.from(),
                range == null ? null : range.until(), codes, categories, statuses, newestFirst, search.offset(),
                search.count());
    }

    private static List<Token> tokens(String name, String value) {
        List<Token> tokens = new ArrayList<>();
        for (String one : value.split(",")) {
            int bar = one.indexOf('|');
            String system = bar < 0 || bar == 0 ? null : one.substring(0, bar);
            String code = bar < 0 ? one : one.substring(bar + 1);
            if (bar != one.lastIndexOf('|') || (system == null && code.isEmpty())) {
                throw invalid("OW-1214", name, name + ": system|code, code or system|, was '" + one + "'");
            }
            tokens.add(new Token(system, code.isEmpty() ? null : code));
        }
        return tokens;
    }

    private static InvalidInputException invalid(String code, String field, String message) {
        return new InvalidInputException(code, field, message);
    }
}
