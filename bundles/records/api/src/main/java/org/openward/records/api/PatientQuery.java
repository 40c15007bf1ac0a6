package org.openward.records.api;

import java.time.LocalDate;

/**
 * Criteria of a patient search; all given criteria must match. Build one with
 * {@link #builder()}. Results come sorted by name, then id.
 *
 * @param name any part of any name (family, given, prefix, suffix, text)
 * @param birthDateFrom earliest birth date, inclusive
 * @param birthDateTo latest birth date, inclusive
 * @param identifierSystem the identifier's namespace; with a null value, any identifier in it
 * @param identifierValue the identifier (the MRN included); with a null system, in any namespace
 * @param offset index of the first match to return
 * @param count how many to return at most, 0 to 1000 (0: the total only)
 */
public record PatientQuery(
        String id,
        TextMatch name,
        TextMatch family,
        TextMatch given,
        LocalDate birthDateFrom,
        LocalDate birthDateTo,
        String identifierSystem,
        String identifierValue,
        AdministrativeGender gender,
        int offset,
        int count) {

    public PatientQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        if (count < 0 || count > 1000) {
            throw new IllegalArgumentException("count must be 0 to 1000");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fills a query one criterion at a time. */
    public static final class Builder {
        private String id;
        private TextMatch name;
        private TextMatch family;
        private TextMatch given;
        private LocalDate birthDateFrom;
        private LocalDate birthDateTo;
        private String identifierSystem;
        private String identifierValue;
        private AdministrativeGender gender;
        private int offset;
        private int count = 20;

        private Builder() {
        }

        public Builder id(String value) {
            this.id = value;
            return this;
        }

        public Builder name(TextMatch value) {
            this.name = value;
            return this;
        }

        public Builder family(TextMatch value) {
            this.family = value;
            return this;
        }

        public Builder given(TextMatch value) {
            this.given = value;
            return this;
        }

        public Builder birthDateFrom(LocalDate value) {
            this.birthDateFrom = value;
            return this;
        }

        public Builder birthDateTo(LocalDate value) {
            this.birthDateTo = value;
            return this;
        }

        public Builder identifier(String system, String value) {
            this.identifierSystem = system;
            this.identifierValue = value;
            return this;
        }

        public Builder gender(AdministrativeGender value) {
            this.gender = value;
            return this;
        }

        public Builder page(int offsetValue, int countValue) {
            this.offset = offsetValue;
            this.count = countValue;
            return this;
        }

        public PatientQuery build() {
            return new PatientQuery(id, name, family, given, birthDateFrom, birthDateTo, identifierSystem,
                    identifierValue, gender, offset, count);
        }
    }
}
