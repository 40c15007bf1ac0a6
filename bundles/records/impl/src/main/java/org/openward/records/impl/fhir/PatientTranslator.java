package org.openward.records.impl.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.StringType;
import org.openward.platform.api.error.InvalidInputException;
import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientField;
import org.openward.records.api.PersonName;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * Between FHIR R4 Patient resources and the records module's {@link Patient}. Elements this
 * server does not keep are refused with a 400 naming them, rather than silently dropped.
 */
public final class PatientTranslator {

    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String V3_OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private static final Set<String> PATIENT_ELEMENTS = Set.of(
            "id", "meta", "text", "identifier", "active", "name", "telecom", "gender", "birthDate", "address");
    private static final Set<String> NAME_ELEMENTS = Set.of("id", "use", "text", "family", "given", "prefix", "suffix");
    private static final Set<String> IDENTIFIER_ELEMENTS = Set.of("id", "use", "type", "system", "value");
    private static final Set<String> TELECOM_ELEMENTS = Set.of("id", "system", "value", "use");
    private static final Set<String> ADDRESS_ELEMENTS = Set.of(
            "id", "use", "line", "city", "district", "state", "postalCode", "country");

    private final String mrnSystem;

    public PatientTranslator(String mrnSystem) {
        this.mrnSystem = mrnSystem;
    }

    public Patient toDomain(org.hl7.fhir.r4.model.Patient fhir) {
        supported(fhir, PATIENT_ELEMENTS, "");
        String mrn = null;
        List<Identifier> identifiers = new ArrayList<>();
        for (int i = 0; i < fhir.getIdentifier().size(); i++) {
            org.hl7.fhir.r4.model.Identifier id = fhir.getIdentifier().get(i);
            supported(id, IDENTIFIER_ELEMENTS, "identifier[" + i + "].");
            // checked here too, so that the error names the element's place in the resource
            if (!id.hasSystem()) {
                throw new InvalidInputException("OW-1107", "identifier[" + i + "].system",
                        "identifier[" + i + "] needs a system: the namespace that issued it");
            }
            if (!id.hasValue()) {
                throw new InvalidInputException("OW-1108", "identifier[" + i + "].value", "identifier[" + i + "] needs a value");
            }
            if (mrnSystem.equals(id.getSystem())) {
                if (mrn != null) {
                    throw new InvalidInputException("OW-1118", "identifier[" + i + "]", "the patient has two MRNs");
                }
                mrn = id.getValue();
            } else {
                identifiers.add(new Identifier(id.getSystem(), id.getValue(), id.hasUse() ? id.getUse().toCode() : null));
            }
        }
        List<PersonName> names = new ArrayList<>();
        for (int i = 0; i < fhir.getName().size(); i++) {
            HumanName name = fhir.getName().get(i);
            supported(name, NAME_ELEMENTS, "name[" + i + "].");
            names.add(new PersonName(name.hasUse() ? name.getUse().toCode() : null, name.getFamily(),
                    strings(name.getGiven()), strings(name.getPrefix()), strings(name.getSuffix()), name.getText()));
        }
        List<ContactPoint> telecom = new ArrayList<>();
        for (int i = 0; i < fhir.getTelecom().size(); i++) {
            org.hl7.fhir.r4.model.ContactPoint point = fhir.getTelecom().get(i);
            supported(point, TELECOM_ELEMENTS, "telecom[" + i + "].");
            telecom.add(new ContactPoint(point.hasSystem() ? point.getSystem().toCode() : null, point.getValue(),
                    point.hasUse() ? point.getUse().toCode() : null));
        }
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < fhir.getAddress().size(); i++) {
            org.hl7.fhir.r4.model.Address address = fhir.getAddress().get(i);
            supported(address, ADDRESS_ELEMENTS, "address[" + i + "].");
            addresses.add(new Address(address.hasUse() ? address.getUse().toCode() : null, strings(address.getLine()),
                    address.getCity(), address.getDistrict(), address.getState(), address.getPostalCode(),
                    address.getCountry()));
        }
        AdministrativeGender gender = fhir.hasGender() && fhir.getGender() != Enumerations.AdministrativeGender.NULL
                ? AdministrativeGender.fromCode(fhir.getGender().toCode())
                : null;
        return new Patient(null, 0, null, mrn, !fhir.hasActive() || fhir.getActive(), names, birthDate(fhir),
                gender, identifiers, telecom, addresses);
    }

    public org.hl7.fhir.r4.model.Patient toFhir(Patient patient) {
        org.hl7.fhir.r4.model.Patient fhir = new org.hl7.fhir.r4.model.Patient();
        fhir.setId(patient.id());
        fhir.getMeta().setVersionId(Integer.toString(patient.version()));
        fhir.getMeta().setLastUpdated(Date.from(patient.lastUpdated()));
        fhir.addIdentifier()
                .setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.USUAL)
                .setSystem(mrnSystem)
                .setValue(patient.mrn())
                .getType().addCoding().setSystem(V2_0203).setCode("MR").setDisplay("Medical record number");
        for (Identifier id : patient.identifiers()) {
            org.hl7.fhir.r4.model.Identifier identifier = fhir.addIdentifier().setSystem(id.system()).setValue(id.value());
            if (id.use() != null) {
                identifier.setUse(org.hl7.fhir.r4.model.Identifier.IdentifierUse.fromCode(id.use()));
            }
        }
        fhir.setActive(patient.active());
        for (PersonName n : patient.names()) {
            HumanName name = fhir.addName().setFamily(n.family()).setText(n.text());
            if (n.use() != null) {
                name.setUse(HumanName.NameUse.fromCode(n.use()));
            }
            n.given().forEach(name::addGiven);
            n.prefix().forEach(name::addPrefix);
            n.suffix().forEach(name::addSuffix);
        }
        for (ContactPoint t : patient.telecom()) {
            org.hl7.fhir.r4.model.ContactPoint point = fhir.addTelecom()
                    .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.fromCode(t.system()))
                    .setValue(t.value());
            if (t.use() != null) {
                point.setUse(org.hl7.fhir.r4.model.ContactPoint.ContactPointUse.fromCode(t.use()));
            }
        }
        if (patient.gender() != null) {
            fhir.setGender(Enumerations.AdministrativeGender.fromCode(patient.gender().code()));
        }
        if (patient.birthDate() != null) {
            fhir.setBirthDateElement(new DateType(patient.birthDate().toString()));
        }
        for (Address a : patient.addresses()) {
            org.hl7.fhir.r4.model.Address address = fhir.addAddress()
                    .setCity(a.city()).setDistrict(a.district()).setState(a.state())
                    .setPostalCode(a.postalCode()).setCountry(a.country());
            if (a.use() != null) {
                address.setUse(org.hl7.fhir.r4.model.Address.AddressUse.fromCode(a.use()));
            }
            a.lines().forEach(address::addLine);
        }
        if (!patient.withheld().contains(PatientField.NARRATIVE)) {
            fhir.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString(narrative(patient));
        }
        if (!patient.withheld().isEmpty()) {
            // what the caller may not see is left out, and the resource says so
            fhir.getMeta().addSecurity(V3_OBSERVATION_VALUE, "REDACTED", "redacted");
        }
        return fhir;
    }

    /** The human-readable summary of the record: who the patient is and how to reach them. */
    static String narrative(Patient patient) {
        StringBuilder div = new StringBuilder("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>");
        PersonName name = patient.names().isEmpty() ? null : patient.names().get(0);
        if (name != null) {
            div.append("<b>").append(xml(name.text() != null ? name.text()
                    : String.join(" ", name.given()) + " " + (name.family() == null ? "" : name.family()))).append("</b>, ");
        }
        div.append("MRN ").append(xml(patient.mrn()));
        if (patient.birthDate() != null) {
            div.append(", born ").append(patient.birthDate());
        }
        if (patient.gender() != null) {
            div.append(", ").append(patient.gender().code());
        }
        div.append("</p>");
        for (ContactPoint t : patient.telecom()) {
            div.append("<p>").append(xml(t.system())).append(": ").append(xml(t.value())).append("</p>");
        }
        for (Address a : patient.addresses()) {
            List<String> parts = new ArrayList<>(a.lines());
            for (String part : new String[] {a.postalCode(), a.city(), a.state(), a.country()}) {
                if (part != null) {
                    parts.add(part);
                }
            }
            div.append("<p>").append(xml(String.join(", ", parts))).append("</p>");
        }
        return div.append("</div>").toString();
    }

    private static String xml(String text) {
        return text == null ? "" : text.strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static LocalDate birthDate(org.hl7.fhir.r4.model.Patient fhir) {
        if (!fhir.hasBirthDateElement() || !fhir.getBirthDateElement().hasValue()) {
            return null;
        }
        DateType birthDate = fhir.getBirthDateElement();
        if (birthDate.getPrecision() != TemporalPrecisionEnum.DAY) {
            throw new InvalidInputException("OW-1119", "birthDate",
                    "birthDate must be a full date (YYYY-MM-DD), was " + birthDate.getValueAsString());
        }
        // DateType counts months from 0, like java.util.Calendar
        return LocalDate.of(birthDate.getYear(), birthDate.getMonth() + 1, birthDate.getDay());
    }

    private static List<String> strings(List<StringType> values) {
        return values.stream().map(StringType::getValue).toList();
    }

    /** Refuses elements this server would otherwise drop. */
    private static void supported(Base element, Set<String> kept, String path) {
        for (Property property : element.children()) {
            if (property.hasValues() && !kept.contains(property.getName())) {
                throw new InvalidInputException("OW-1120", path + property.getName(),
                        "Patient." + path + property.getName() + " is not supported by this server; leave it out");
            }
        }
    }
}
