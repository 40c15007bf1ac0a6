package org.openward.platform.impl.users;

import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;

@Entity
@Table(name = "platform_user")
public class UserEntity {

    @Id
    @Column(name = "username", length = 64)
    private String username;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "password_hash", nullable = false, length = 512)
    private String passwordHash;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Timestamp createdAt;

    @Column(name = "created_by", nullable = false, length = 128)
    private String createdBy;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Timestamp lockedUntil;

    /** Sealed by the {@link SecretBox}: never the seed itself. */
    @Column(name = "totp_secret", length = 200)
    private String totpSecret;

    @Column(name = "totp_confirmed", nullable = false)
    private boolean totpConfirmed;

    @Column(name = "totp_last_step", nullable = false)
    private long totpLastStep;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "platform_user_role", joinColumns = @JoinColumn(name = "username"))
    @Column(name = "role_name", length = 64)
    private Set<String> roles = new HashSet<>();

    protected UserEntity() {
        // for JPA
    }

    UserEntity(String username, String displayName, String passwordHash, Set<String> roles,
            Timestamp createdAt, String createdBy) {
        this.username = username;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.roles = new HashSet<>(roles);
        this.enabled = true;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    String getUsername() {
        return username;
    }

    String getDisplayName() {
        return displayName;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    boolean isEnabled() {
        return enabled;
    }

    Timestamp getCreatedAt() {
        return createdAt;
    }

    Set<String> getRoles() {
        return roles;
    }

    Timestamp getLockedUntil() {
        return lockedUntil;
    }

    String getTotpSecret() {
        return totpSecret;
    }

    boolean isTotpConfirmed() {
        return totpConfirmed;
    }

    long getTotpLastStep() {
        return totpLastStep;
    }
}
