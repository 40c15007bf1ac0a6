package org.openward.records.impl;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.openward.platform.api.error.InvalidInputException;
import org.openward.records.api.Address;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;

/**
 * The rules a patient's demographics must meet before anything is stored. Each failure names
 * the field as a FHIR path inside Patient, for example {@code name[0].family}.
 */
final class PatientValidator {

    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    static final Set<String> NAME_USES = Set.of("usual", "official", "temp", "nickname", "anonymous", "old", "maiden");
    static final Set<String> IDENTIFIER_USES = Set.of("usual", "official", "temp", "secondary", "old");
    static final Set<String> TELECOM_SYSTEMS = Set.of("phone", "fax", "email", "pager", "url", "sms", "other");
    static final Set<String> TELECOM_USES = Set.of("home", "work", "temp", "old", "mobile");
    static final Set<String> ADDRESS_USES = Set.of("home", "work", "temp", "old", "billing");

    private final Clock clock;

    PatientValidator(Clock clock) {
        this.clock = clock;
    }

    void validate(Patient patient, String mrnSystem) {
        if (patient.mrn() != null && !Mrns.FORMAT.matcher(patient.mrn()).matches()) {
            throw invalid("OW-1110", "identifier", "the MRN must be 1 to 32 letters, digits or '-', was '" + patient.mrn() + "'");
        }
        names(patient.names());
        if (patient.birthDate() != null) {
            if (patient.birthDate().isAfter(LocalDate.now(clock))) {
                throw invalid("OW-1105", "birthDate", "birthDate " + patient.birthDate() + " is in the future");
            }
            if (patient.birthDate().isBefore(EARLIEST_BIRTH)) {
                throw invalid("OW-1106", "birthDate", "birthDate " + patient.birthDate() + " is before " + EARLIEST_BIRTH);
            }
        }
        identifiers(patient.identifiers(), mrnSystem);
        telecom(patient.telecom());
        addresses(patient.addresses());
    }

    private static void names(List<PersonName> names) {
        if (names.isEmpty()) {
            throw invalid("OW-1101", "name", "a patient needs at least one name");
        }
        limit(names, 10, "name");
        for (int i = 0; i < names.size(); i++) {
            PersonName name = names.get(i);
            String at = "name[" + i + "]";
            code(name.use(), NAME_USES, at + ".use");
            text(name.family(), 100, at + ".family");
            text(name.text(), 250, at + ".text");
            parts(name.given(), at + ".given");
            parts(name.prefix(), at + ".prefix");
            parts(name.suffix(), at + ".suffix");
            if (blank(name.family()) && name.given().isEmpty() && blank(name.text())) {
                throw invalid("OW-1102", at, at + " needs a family name, a given name or a text");
            }
        }
    }

    private static void parts(List<String> parts, String at) {
        limit(parts, 5, at);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (blank(part)) {
                throw invalid("OW-1104", at + "[" + i + "]", at + "[" + i + "] is empty");
            }
            text(part, 80, at + "[" + i + "]");
        }
    }

    private static void identifiers(List<Identifier> identifiers, String mrnSystem) {
        limit(identifiers, 20, "identifier");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier identifier = identifiers.get(i);
            String at = "identifier[" + i + "]";
            if (blank(identifier.system())) {
                throw invalid("OW-1107", at + ".system", at + " needs a system: the namespace that issued it");
            }
            text(identifier.system(), 255, at + ".system");
            if (mrnSystem.equals(identifier.system())) {
                throw invalid("OW-1116", at + ".system", "give the MRN once, as the patient's MRN");
            }
            if (blank(identifier.value())) {
                throw invalid("OW-1108", at + ".value", at + " needs a value");
            }
            text(identifier.value(), 64, at + ".value");
            code(identifier.use(), IDENTIFIER_USES, at + ".use");
            if (!seen.add(identifier.system() + "|" + identifier.value())) {
                throw invalid("OW-1109", at, at + " repeats " + identifier.system() + "|" + identifier.value());
            }
        }
    }

    private static void telecom(List<ContactPoint> telecom) {
        limit(telecom, 10, "telecom");
        for (int i = 0; i < telecom.size(); i++) {
            ContactPoint point = telecom.get(i);
            String at = "telecom[" + i + "]";
            if (point.system() == null || !TELECOM_SYSTEMS.contains(point.system())) {
                throw invalid("OW-1111", at + ".system", at + ".system must be one of " + sorted(TELECOM_SYSTEMS));
            }
            if (blank(point.value())) {
                throw invalid("OW-1112", at + ".value", at + " needs a value");
            }
            text(point.value(), 255, at + ".value");
            code(point.use(), TELECOM_USES, at + ".use");
        }
    }

    private static void addresses(List<Address> addresses) {
        limit(addresses, 5, "address");
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get(i);
            String at = "address[" + i + "]";
            code(address.use(), ADDRESS_USES, at + ".use");
            limit(address.lines(), 4, at + ".line");
            for (int l = 0; l < address.lines().size(); l++) {
                text(address.lines().get(l), 100, at + ".line[" + l + "]");
            }
            text(address.city(), 100, at + ".city");
            text(address.district(), 100, at + ".district");
            text(address.state(), 100, at + ".state");
            text(address.postalCode(), 20, at + ".postalCode");
            text(address.country(), 100, at + ".country");
        }
    }

    private static void limit(List<?> list, int max, String at) {
        if (list.size() > max) {
            throw invalid("OW-1115", at, "at most " + max + " " + at + " entries are accepted, got " + list.size());
        }
    }

    private static void code(String value, Set<String> allowed, String at) {
        if (value != null && !allowed.contains(value)) {
            throw invalid("OW-1103", at, at + " '" + value + "' is not one of " + sorted(allowed));
        }
    }

    private static void text(String value, int max, String at) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw invalid("OW-1104", at, at + " is longer than " + max + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw invalid("OW-1104", at, at + " contains control characters");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }

    private static InvalidInputException invalid(String code, String field, String message) {
        return new InvalidInputException(code, field, message);
    }
}
