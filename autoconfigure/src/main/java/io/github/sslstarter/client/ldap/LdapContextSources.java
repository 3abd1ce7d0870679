package io.github.sslstarter.client.ldap;

import java.util.Map;

import org.springframework.ldap.core.support.DefaultTlsDirContextAuthenticationStrategy;

import io.github.sslstarter.core.SslSocketFactory;

/**
 * Spring LDAP's context sources through a context, each in one line:
 * <pre>{@code
 * // ldaps:// URLs
 * source.setBaseEnvironmentProperties(LdapContextSources.ldaps(contexts.socketFactory("directory")));
 * // ldap:// URLs upgraded by StartTLS
 * source.setAuthenticationStrategy(LdapContextSources.startTls(contexts.socketFactory("directory")));
 * }</pre>
 * With {@code ssl.ldap.context} the starter does this to Spring Boot's own context source.
 * Spring LDAP negotiates StartTLS only for authenticated contexts: an anonymous read-only
 * context source reads in plaintext.
 */
public final class LdapContextSources {

	private LdapContextSources() {
	}

	/**
	 * The base environment that makes a context source's {@code ldaps://} connections go through
	 * {@code sockets} (see {@link JndiLdap#environment}); add your own entries to a copy.
	 */
	public static Map<String, Object> ldaps(SslSocketFactory sockets) {
		return JndiLdap.environment(sockets);
	}

	/**
	 * A StartTLS authentication strategy whose handshake goes through {@code sockets} and whose
	 * host name check after the handshake defers to the context's verdict.
	 */
	public static DefaultTlsDirContextAuthenticationStrategy startTls(SslSocketFactory sockets) {
		LdapSocketFactory factory = new LdapSocketFactory(sockets);
		DefaultTlsDirContextAuthenticationStrategy strategy = new DefaultTlsDirContextAuthenticationStrategy();
		strategy.setSslSocketFactory(factory);
		strategy.setHostnameVerifier(factory.hostnameVerifier());
		return strategy;
	}

}
