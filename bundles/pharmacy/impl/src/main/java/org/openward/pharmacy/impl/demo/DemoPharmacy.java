package org.openward.pharmacy.impl.demo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

import org.openward.pharmacy.api.Dispensing;
import org.openward.pharmacy.impl.PharmacySettings;
import org.openward.pharmacy.impl.formulary.Product;
import org.openward.platform.api.demo.DemoDataContribution;
import org.openward.platform.api.users.UserAdministration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The pharmacy's demo data: stock of every formulary product in the pharmacy and on ward
 * 4-west (lots expiring in two years), one expired lot on the ward's shelf (lot
 * {@value #EXPIRED_LOT}, for trying the expired-product stop), and a second nurse,
 * {@code nurse2}, for the double check of high-alert drugs. Stock already there is left alone.
 */
@Component
public class DemoPharmacy implements DemoDataContribution {

    public static final String PHARMACY = "pharmacy";
    public static final String WARD = "ward-4-west";
    public static final String EXPIRED_LOT = "EXPIRED1";
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final Dispensing dispensing;
    private final UserAdministration users;
    private final PharmacySettings settings;

    @Activate
    public DemoPharmacy(@Reference Dispensing dispensing, @Reference UserAdministration users,
            @Reference PharmacySettings settings) {
        this.dispensing = dispensing;
        this.users = users;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "pharmacy";
    }

    @Override
    public void load() {
        if (users.findUser("nurse2").isEmpty()) {
            users.createUser("nurse2", "Demo second nurse", "nurse2-password".toCharArray(), Set.of("nurse"));
        }
        if (!dispensing.stock(PHARMACY).isEmpty()) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate expiry = today.plusYears(2).withDayOfMonth(1);
        boolean expiredShelved = false;
        for (var drug : settings.formulary().drugs()) {
            for (Product product : settings.formulary().products(drug.rxnorm())) {
                String lot = "L" + product.gtin().substring(8, 13);
                dispensing.receive(PHARMACY, barcode(product, expiry, lot), 500);
                dispensing.receive(WARD, barcode(product, expiry, lot), 100);
                if (!expiredShelved) {
                    dispensing.receive(WARD, barcode(product, today.minusMonths(1).withDayOfMonth(1), EXPIRED_LOT), 10);
                    expiredShelved = true;
                }
            }
        }
    }

    /** The GS1 barcode of a lot, in the human-readable form a keyboard-wedge scanner can also type. */
    public static String barcode(Product product, LocalDate expiry, String lot) {
        return "(01)" + product.gtin() + "(17)" + YYMMDD.format(expiry) + "(10)" + lot;
    }
}
