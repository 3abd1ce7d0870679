package io.github.sslstarter.client.ldap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Boot's LDAP connection ({@code spring.ldap.*}) through a context (ssl.ldap.*).
 *
 * @param context The TLS context Spring Boot's LDAP context source connects through: its
 * ldaps:// URLs, or with start-tls its ldap:// URLs upgraded by StartTLS.
 * @param startTls Whether the ldap:// URLs are upgraded by StartTLS before binding (default
 * false: the URLs are ldaps://).
 */
@ConfigurationProperties("ssl.ldap")
public record SslLdapProperties(String context, Boolean startTls) {

	boolean usesStartTls() {
		return Boolean.TRUE.equals(this.startTls);
	}

}
