package org.openward.records.impl.fhir;

import java.util.List;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.platform.api.fhir.FhirDateRange;
import org.openward.platform.api.fhir.FhirSearch;
import org.openward.platform.api.fhir.FhirSearchParameter;
import org.openward.platform.api.fhir.FhirSearchParameter.Type;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.TextMatch;

/** The Patient search parameters and how each becomes part of a {@link PatientQuery}. */
final class PatientSearchParameters {

    static final List<FhirSearchParameter> DECLARED = List.of(
            new FhirSearchParameter("_id", Type.TOKEN, "The patient's logical id"),
            new FhirSearchParameter("name", Type.STRING,
                    "Any part of any name; starts with, ignoring case and accents (:exact, :contains)"),
            new FhirSearchParameter("family", Type.STRING, "The family name (:exact, :contains)"),
            new FhirSearchParameter("given", Type.STRING, "A given name (:exact, :contains)"),
            new FhirSearchParameter("birthdate", Type.DATE,
                    "Birth date: YYYY, YYYY-MM or YYYY-MM-DD with prefix eq, gt, ge, lt or le; repeat for a range"),
            new FhirSearchParameter("identifier", Type.TOKEN, "An identifier, MRN included: system|value, value or system|"),
            new FhirSearchParameter("gender", Type.TOKEN, "male, female, other or unknown"));

    private PatientSearchParameters() {
    }

    static PatientQuery toQuery(FhirSearch search) {
        PatientQuery.Builder query = PatientQuery.builder().page(search.offset(), search.count());
        for (String name : search.names()) {
            List<String> values = search.values(name);
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            String modifier = name.contains(":") ? name.substring(name.indexOf(':') + 1) : null;
            if (!"birthdate".equals(base)) {
                single(name, values);
            }
            if (modifier != null && !List.of("name", "family", "given").contains(base)) {
                throw invalid("OW-1121", name + ": the modifier :" + modifier + " is not supported for " + base);
            }
            String value = values.get(0);
            switch (base) {
                case "_id" -> query.id(value);
                case "name" -> query.name(text(name, modifier, value));
                case "family" -> query.family(text(name, modifier, value));
                case "given" -> query.given(text(name, modifier, value));
                case "gender" -> query.gender(gender(value));
                case "identifier" -> identifier(query, value);
                case "birthdate" -> {
                    FhirDateRange range = FhirDateRange.parse(name, values);
                    query.birthDateFrom(range.firstDay()).birthDateTo(range.lastDay());
                }
                default -> throw invalid("OW-0023", "unknown search parameter '" + name + "'");
            }
        }
        return query.build();
    }

    private static void single(String name, List<String> values) {
        if (values.size() > 1 || values.get(0).contains(",")) {
            throw invalid("OW-1122", name + ": give one value (repeating it, or several values separated by commas, "
                    + "is supported for birthdate only)");
        }
    }

    private static TextMatch text(String name, String modifier, String value) {
        if (modifier == null) {
            return TextMatch.startsWith(value);
        }
        return switch (modifier) {
            case "exact" -> new TextMatch(value, TextMatch.Mode.EXACT);
            case "contains" -> new TextMatch(value, TextMatch.Mode.CONTAINS);
            default -> throw invalid("OW-1121", name + ": the modifier :" + modifier + " is not supported");
        };
    }

    private static AdministrativeGender gender(String token) {
        String code = token;
        if (token.contains("|")) {
            String system = token.substring(0, token.indexOf('|'));
            if (!system.isEmpty() && !"http://hl7.org/fhir/administrative-gender".equals(system)) {
                throw invalid("OW-1123", "gender: unknown code system " + system);
            }
            code = token.substring(token.indexOf('|') + 1);
        }
        AdministrativeGender gender = AdministrativeGender.fromCode(code);
        if (gender == null) {
            throw invalid("OW-1123", "gender must be male, female, other or unknown, was '" + code + "'");
        }
        return gender;
    }

    private static void identifier(PatientQuery.Builder query, String token) {
        int bar = unescapedBar(token);
        if (bar < 0) {
            query.identifier(null, unescape(token));
            return;
        }
        String system = unescape(token.substring(0, bar));
        String value = unescape(token.substring(bar + 1));
        if (system.isEmpty() && value.isEmpty()) {
            throw invalid("OW-1124", "identifier: give system|value, value or system|");
        }
        if (system.isEmpty()) {
            throw invalid("OW-1124", "identifier: identifiers without a system (|value) are not kept here; "
                    + "search by value alone to match any system");
        }
        query.identifier(system, value.isEmpty() ? null : value);
    }

    private static int unescapedBar(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '\\') {
                i++;
            } else if (token.charAt(i) == '|') {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String text) {
        return text.replaceAll("\\\\([\\\\|,$])", "$1");
    }

    private static InvalidInputException invalid(String code, String message) {
        return new InvalidInputException(code, null, message);
    }
}
