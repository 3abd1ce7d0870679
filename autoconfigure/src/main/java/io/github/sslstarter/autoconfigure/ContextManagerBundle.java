package io.github.sslstarter.autoconfigure;

import java.security.KeyStore;
import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;

import io.github.sslstarter.core.SslContextFactory;

/**
 * The managers of a published bundle: the context's own key and trust managers, behind
 * factories that hand out exactly those (and ignore {@code init}, which the context did), and
 * the context's own {@code SSLContext} for the bundle's protocol.
 */
final class ContextManagerBundle implements SslManagerBundle {

	private final SslContextFactory factory;

	ContextManagerBundle(SslContextFactory factory) {
		this.factory = factory;
	}

	@Override
	public KeyManagerFactory getKeyManagerFactory() {
		return new FixedKeyManagerFactory(this.factory);
	}

	@Override
	public TrustManagerFactory getTrustManagerFactory() {
		return new FixedTrustManagerFactory(this.factory);
	}

	@Override
	public SSLContext createSslContext(String protocol) {
		if (protocol == null || protocol.equals(SslBundle.DEFAULT_PROTOCOL)
				|| protocol.equals(this.factory.sslContext().getProtocol())) {
			return this.factory.sslContext();
		}
		// another protocol name asked for: a context of its own, with the same managers
		try {
			SSLContext context = SSLContext.getInstance(protocol, this.factory.sslContext().getProvider());
			context.init(getKeyManagers(), getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create a '" + protocol + "' SSLContext for the TLS context '"
					+ this.factory.name() + "': " + ex.getMessage(), ex);
		}
	}

	private static final class FixedKeyManagerFactory extends KeyManagerFactory {

		FixedKeyManagerFactory(SslContextFactory factory) {
			super(new KeyManagerFactorySpi() {

				@Override
				protected void engineInit(KeyStore keyStore, char[] password) {
				}

				@Override
				protected void engineInit(ManagerFactoryParameters parameters) {
				}

				@Override
				protected KeyManager[] engineGetKeyManagers() {
					return new KeyManager[] { factory.keyManager() };
				}

			}, factory.sslContext().getProvider(), "ssl-spring-boot-starter:" + factory.name());
		}

	}

	private static final class FixedTrustManagerFactory extends TrustManagerFactory {

		FixedTrustManagerFactory(SslContextFactory factory) {
			super(new TrustManagerFactorySpi() {

				@Override
				protected void engineInit(KeyStore keyStore) {
				}

				@Override
				protected void engineInit(ManagerFactoryParameters parameters) {
				}

				@Override
				protected TrustManager[] engineGetTrustManagers() {
					return new TrustManager[] { factory.trustManager() };
				}

			}, factory.sslContext().getProvider(), "ssl-spring-boot-starter:" + factory.name());
		}

	}

}
