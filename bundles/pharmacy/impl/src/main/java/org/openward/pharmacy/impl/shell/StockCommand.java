package org.openward.pharmacy.impl.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.openward.pharmacy.api.Dispensing;
import org.openward.pharmacy.api.StockLevel;
import org.openward.platform.api.security.AccessControl;

/** Shows the stock of a location (or every location), or receives a delivery into it, as the shell user. */
@Command(scope = "pharmacy", name = "stock", description = "Shows stock by location, product and lot, soonest expiry first;"
        + " with --receive, adds units of a scanned GS1 barcode (GTIN, lot, expiry) to a location.")
@Service
public class StockCommand implements Action {

    @Argument(index = 0, name = "location", required = false, description = "The location, for example pharmacy or ward-4-west; all when left out.")
    String location;

    @Option(name = "--receive", description = "A GS1 barcode (GTIN, lot and expiry) of the product received, for example (01)…(17)…(10)…")
    String barcode;

    @Option(name = "-q", aliases = "--quantity", description = "Units received (with --receive).")
    int quantity;

    @Reference
    AccessControl access;

    @Reference
    Dispensing dispensing;

    @Override
    public Object execute() {
        if (barcode != null) {
            if (location == null) {
                throw new IllegalArgumentException("--receive needs the location it goes to");
            }
            StockLevel level = access.callAsShellUser(() -> dispensing.receive(location, barcode, quantity));
            System.out.println("Received " + quantity + " x " + level.product() + " lot " + level.lot() + " (expires "
                    + level.expiry() + ") at " + level.location() + ": " + level.quantity() + " in stock.");
            return null;
        }
        List<StockLevel> levels = access.callAsShellUser(() -> dispensing.stock(location));
        ShellTable table = new ShellTable();
        table.column("Location");
        table.column("Product");
        table.column("GTIN");
        table.column("Lot");
        table.column("Expiry");
        table.column("Units").alignRight();
        for (StockLevel level : levels) {
            table.addRow().addContent(level.location(), level.product(), level.gtin(), level.lot(), level.expiry(),
                    level.quantity());
        }
        table.print(System.out);
        System.out.println(levels.size() + (levels.size() == 1 ? " lot" : " lots") + (location == null ? "" : " at " + location) + ".");
        return null;
    }
}
