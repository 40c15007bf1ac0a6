package org.openward.records.impl.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.records.api.Address;
import org.openward.records.api.AdministrativeGender;
import org.openward.records.api.ContactPoint;
import org.openward.records.api.Identifier;
import org.openward.records.api.Patient;
import org.openward.records.api.PatientQuery;
import org.openward.records.api.PatientService;
import org.openward.records.api.PersonName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A synthetic population for demo starts: the same {@value #COUNT} invented patients every time
 * (fixed seed), with names combined at random from common name lists, fictional addresses in
 * an invented town and telephone numbers from the 555-01xx range reserved for fiction. Each
 * carries a demo identifier so they are loaded once.
 */
@Component
public class DemoPatients implements DemoDataContribution {

    static final int COUNT = 120;
    static final String DEMO_SYSTEM = "urn:openward:demo-patient";

    private static final List<String> FAMILY = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
            "Miller", "Davis", "Martinez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
            "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
            "King", "Wright", "Scott", "Müller", "Nguyen", "Okafor", "Kowalski", "Rossi", "Dubois", "Novak", "Haddad");
    private static final List<String> FEMALE = List.of("Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan",
            "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Emma", "Olivia", "Sofia", "Amara", "Léa", "Zofia", "Mei");
    private static final List<String> MALE = List.of("James", "Robert", "John", "Michael", "David", "William",
            "Richard", "Joseph", "Thomas", "Charles", "Daniel", "Matthew", "Noah", "Liam", "Chidi", "Mateo", "Jonas", "Hiro");
    private static final List<String> STREETS = List.of("Maple Avenue", "Oak Street", "Elm Road", "Cedar Lane",
            "Birch Way", "Willow Court", "Aspen Drive", "Linden Place");

    private final PatientService patients;

    @Activate
    public DemoPatients(@Reference PatientService patients) {
        this.patients = patients;
    }

    /** The demo portal account (created by the platform's demo users), linked to the first demo patient. */
    static final String PORTAL_DEMO_USER = "patient";

    @Override
    public String name() {
        return "records";
    }

    @Override
    public void load() {
        if (patients.search(PatientQuery.builder().identifier(DEMO_SYSTEM, null).page(0, 0).build()).total() > 0) {
            return;
        }
        Random random = new Random(20261121L);
        String first = null;
        for (int i = 1; i <= COUNT; i++) {
            String id = patients.register(patient(i, random)).id();
            first = first == null ? id : first;
        }
        patients.linkPortalAccount(PORTAL_DEMO_USER, first);
    }

    static Patient patient(int number, Random random) {
        boolean female = random.nextBoolean();
        String given = pick(female ? FEMALE : MALE, random);
        String middle = random.nextInt(3) == 0 ? pick(female ? FEMALE : MALE, random) : null;
        String family = pick(FAMILY, random);
        PersonName name = middle == null || middle.equals(given)
                ? PersonName.official(family, given)
                : PersonName.official(family, given, middle);
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(365 * 94));
        AdministrativeGender gender = random.nextInt(50) == 0 ? AdministrativeGender.OTHER
                : female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE;
        String phone = String.format("+1-555-01%02d", random.nextInt(100));
        Address home = new Address("home", List.of((1 + random.nextInt(200)) + " " + pick(STREETS, random)),
                "Exampleton", null, "EX", String.format("%05d", 10000 + random.nextInt(900)), "US");
        return Patient.toRegister(null, List.of(name), birth, gender,
                List.of(new Identifier(DEMO_SYSTEM, demoNumber(number), "secondary")),
                List.of(new ContactPoint("phone", phone, random.nextBoolean() ? "home" : "mobile")),
                List.of(home));
    }

    /** The demo identifier of the n-th demo patient: DEMO-0001 is the portal account's. */
    static String demoNumber(int number) {
        return String.format("DEMO-%04d", number);
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
