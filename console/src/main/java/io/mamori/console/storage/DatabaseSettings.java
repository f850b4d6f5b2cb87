package io.mamori.console.storage;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code mamori.database.*}: where the console keeps its data. Without a URL it is the SQLite file
 * {@code console.db} in the data directory; a {@code jdbc:postgresql:} URL selects PostgreSQL.
 * The password is read from a file (owner-only) or given directly; it is never logged.
 */
@ConfigurationProperties("mamori.database")
public class DatabaseSettings {

    private String url;
    private String user;
    private String password;
    private String passwordFile;
    private int maxPoolSize = 10;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getPasswordFile() {
        return passwordFile;
    }

    public void setPasswordFile(String passwordFile) {
        this.passwordFile = passwordFile;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public void setMaxPoolSize(int maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }
}
