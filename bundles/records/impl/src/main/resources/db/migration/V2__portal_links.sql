-- Patient-portal accounts: the one patient record a user with the patient role is. Such a user
-- reads and finds that record only; every other patient answers as if it did not exist.
CREATE TABLE records_portal_link (
    username   VARCHAR(64)  NOT NULL PRIMARY KEY,
    patient_id VARCHAR(36)  NOT NULL REFERENCES records_patient (patient_id),
    linked_at  TIMESTAMP    NOT NULL,
    linked_by  VARCHAR(128) NOT NULL
);
