package org.openward.platform.impl.users;

import java.sql.Timestamp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A bearer-token session. The token itself is never stored, only its SHA-256. */
@Entity
@Table(name = "platform_session")
public class SessionEntity {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "username", nullable = false, length = 64)
    private String username;

    @Column(name = "source_address", nullable = false, length = 64)
    private String sourceAddress;

    @Column(name = "created_at", nullable = false)
    private Timestamp createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private Timestamp lastSeenAt;

    @Column(name = "expires_at", nullable = false)
    private Timestamp expiresAt;

    @Column(name = "revoked_at")
    private Timestamp revokedAt;

    @Column(name = "scope", nullable = false, length = 16)
    private String scope;

    protected SessionEntity() {
        // for JPA
    }

    SessionEntity(String tokenHash, String username, String scope, String sourceAddress, Timestamp createdAt,
            Timestamp expiresAt) {
        this.tokenHash = tokenHash;
        this.scope = scope;
        this.username = username;
        this.sourceAddress = sourceAddress;
        this.createdAt = createdAt;
        this.lastSeenAt = createdAt;
        this.expiresAt = expiresAt;
    }

    String getTokenHash() {
        return tokenHash;
    }

    String getUsername() {
        return username;
    }

    Timestamp getLastSeenAt() {
        return lastSeenAt;
    }

    Timestamp getExpiresAt() {
        return expiresAt;
    }

    String getScope() {
        return scope;
    }

    Timestamp getRevokedAt() {
        return revokedAt;
    }

    void touch(Timestamp now) {
        this.lastSeenAt = now;
    }
}
