package org.openward.records.impl;

import java.util.List;

import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PersonName;

/** Between the patient rows and the {@link Patient} the API hands out. */
final class PatientMapper {

    private PatientMapper() {
    }

    static Patient toPatient(PatientEntity e) {
        return new Patient(
                e.getId(),
                e.getVersion(),
                e.getUpdatedAt().toInstant(),
                e.getMrn(),
                e.isActive(),
                e.getNames().stream().map(n -> new PersonName(n.getUse(), n.getFamily(), Names.splitLines(n.getGiven()),
                        Names.splitLines(n.getPrefix()), Names.splitLines(n.getSuffix()), n.getText())).toList(),
                e.getBirthDate(),
                e.getGender() == null ? null : AdministrativeGender.fromCode(e.getGender()),
                e.getIdentifiers().stream().map(i -> new Identifier(i.getSystem(), i.getValue(), i.getUse())).toList(),
                e.getTelecom().stream().map(t -> new ContactPoint(t.getSystem(), t.getValue(), t.getUse())).toList(),
                e.getAddresses().stream().map(a -> new Address(a.getUse(), Names.splitLines(a.getLines()), a.getCity(),
                        a.getDistrict(), a.getState(), a.getPostalCode(), a.getCountry())).toList());
    }

    /** Replaces everything but the id, MRN and audit columns with what {@code p} says. */
    static void apply(PatientEntity e, Patient p) {
        e.setDemographics(p.active(), p.birthDate(), p.gender() == null ? null : p.gender().code(),
                Names.sortKey(p.names()));

        e.getNames().clear();
        e.getNameParts().clear();
        List<PersonName> names = p.names();
        for (int i = 0; i < names.size(); i++) {
            PersonName n = names.get(i);
            e.getNames().add(new PatientNameEntity(e, i, n.use(), n.family(), Names.joinLines(n.given()),
                    Names.joinLines(n.prefix()), Names.joinLines(n.suffix()), n.text()));
            addPart(e, NamePartEntity.Kind.FAMILY, n.family());
            n.given().forEach(given -> addPart(e, NamePartEntity.Kind.GIVEN, given));
            n.prefix().forEach(prefix -> addPart(e, NamePartEntity.Kind.PREFIX, prefix));
            n.suffix().forEach(suffix -> addPart(e, NamePartEntity.Kind.SUFFIX, suffix));
            addPart(e, NamePartEntity.Kind.TEXT, n.text());
        }

        e.getIdentifiers().clear();
        for (int i = 0; i < p.identifiers().size(); i++) {
            Identifier id = p.identifiers().get(i);
            e.getIdentifiers().add(new PatientIdentifierEntity(e, i, id.system(), id.value(), id.use()));
        }

        e.getTelecom().clear();
        for (int i = 0; i < p.telecom().size(); i++) {
            ContactPoint t = p.telecom().get(i);
            e.getTelecom().add(new PatientTelecomEntity(e, i, t.system(), t.value(), t.use()));
        }

        e.getAddresses().clear();
        for (int i = 0; i < p.addresses().size(); i++) {
            Address a = p.addresses().get(i);
            e.getAddresses().add(new PatientAddressEntity(e, i, a.use(), Names.joinLines(a.lines()), a.city(),
                    a.district(), a.state(), a.postalCode(), a.country()));
        }
    }

    private static void addPart(PatientEntity e, NamePartEntity.Kind kind, String value) {
        if (value != null && !value.isBlank()) {
            e.getNameParts().add(new NamePartEntity(e, kind, value.strip()));
        }
    }
}
