package org.openward.audit.api;

import java.util.List;

/**
 * One page of an audit search.
 *
 * @param records the page, newest first
 * @param total how many records match in all
 */
public record AuditPage(List<AuditRecord> records, int total) {

    public AuditPage {
        records = List.copyOf(records);
    }
}
