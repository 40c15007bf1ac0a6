package org.openward.platform.impl.users;

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
@Table(name = "platform_role")
public class RoleEntity {

    @Id
    @Column(name = "role_name", length = 64)
    private String name;

    @Column(name = "description", nullable = false, length = 255)
    private String description;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "platform_role_permission", joinColumns = @JoinColumn(name = "role_name"))
    @Column(name = "permission", length = 255)
    private Set<String> permissions = new HashSet<>();

    protected RoleEntity() {
        // for JPA
    }

    String getName() {
        return name;
    }

    Set<String> getPermissions() {
        return permissions;
    }
}
