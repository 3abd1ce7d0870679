package io.github.sslstarter.autoconfigure;

import java.util.List;

import io.github.sslstarter.autoconfigure.SslProperties.Identity;
import io.github.sslstarter.autoconfigure.SslProperties.SessionCache;
import io.github.sslstarter.autoconfigure.SslProperties.Timeouts;
import io.github.sslstarter.autoconfigure.SslProperties.Trust;
import io.github.sslstarter.autoconfigure.SslProperties.Verify;
import io.github.sslstarter.core.AddressFamily;
import io.github.sslstarter.core.ClientAuth;

/**
 * What one context's properties say, whether at the top level ({@code ssl.*}) or a named
 * context ({@code ssl.contexts.<name>.*}). A {@code null} means "not set": a named context then
 * inherits the top level's value, and the top level the built-in default.
 */
interface SslContextDefinition {

	String protocols();

	String ciphers();

	String tls13Ciphers();

	List<String> namedGroups();

	String dhFile();

	Boolean honorCipherOrder();

	Identity identity();

	Trust trust();

	Verify verify();

	ClientAuth clientAuth();

	String sni();

	List<String> alpn();

	Timeouts timeouts();

	Boolean tcpNoDelay();

	String provider();

	SessionCache sessionCache();

	AddressFamily addressFamily();

}
