package org.openward.pharmacy.impl.dispensing;

import java.sql.Date;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

/** Units of one lot of one product at one location. Changed only by atomic updates (StockRepository). */
@Entity
@Table(name = "pharmacy_stock")
public class StockEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "stock_id")
    private Long id;

    @Column(name = "location", nullable = false, length = 64)
    private String location;

    @Column(name = "gtin", nullable = false, length = 14)
    private String gtin;

    @Column(name = "lot", nullable = false, length = 20)
    private String lot;

    @Column(name = "expiry", nullable = false)
    private Date expiry;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    protected StockEntity() {
        // for JPA
    }

    StockEntity(String location, String gtin, String lot, Date expiry, int quantity) {
        this.location = location;
        this.gtin = gtin;
        this.lot = lot;
        this.expiry = expiry;
        this.quantity = quantity;
    }

    Long getId() {
        return id;
    }

    String getLocation() {
        return location;
    }

    String getGtin() {
        return gtin;
    }

    String getLot() {
        return lot;
    }

    Date getExpiry() {
        return expiry;
    }

    int getQuantity() {
        return quantity;
    }
}
