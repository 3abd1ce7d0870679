package io.github.sslstarter.test;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Plain JSSE contexts and managers from test certificates, the way an application without this
 * project builds them: PKCS#12 stores in memory, the {@code PKIX} factories.
 *
 * <pre>{@code
 * SSLContext server = TestSslContexts.server(localhost);
 * SSLContext client = TestSslContexts.client(ca.certificate());
 * }</pre>
 */
public final class TestSslContexts {

	private static final char[] PASSWORD = "test-only".toCharArray();

	private TestSslContexts() {
	}

	/**
	 * A {@code TLS} context that presents the certificate's chain, with the JDK's default trust.
	 * @param identity the server's certificate and key
	 * @return the context
	 */
	public static SSLContext server(TestCertificate identity) {
		return context("TLS", keyManager(identity), null);
	}

	/**
	 * A {@code TLS} context that trusts those certificates and nothing else, without an identity.
	 * @param anchors the trusted certificates, usually CAs
	 * @return the context
	 */
	public static SSLContext client(X509Certificate... anchors) {
		return context("TLS", null, trustManager(anchors));
	}

	/**
	 * A {@code TLS} context that presents the certificate's chain and trusts those certificates and
	 * nothing else: either side of mutual TLS.
	 * @param identity the certificate and key to present
	 * @param anchors the trusted certificates, usually CAs
	 * @return the context
	 */
	public static SSLContext mutual(TestCertificate identity, X509Certificate... anchors) {
		return context("TLS", keyManager(identity), trustManager(anchors));
	}

	/**
	 * A context of that protocol (such as {@code TLS} or {@code TLSv1.2}) with the managers given.
	 * @param protocol the {@link SSLContext#getInstance(String)} protocol
	 * @param keyManager the key manager, or {@code null} for none
	 * @param trustManager the trust manager, or {@code null} for the JDK's default
	 * @return the initialised context
	 */
	public static SSLContext context(String protocol, KeyManager keyManager, TrustManager trustManager) {
		try {
			SSLContext context = SSLContext.getInstance(protocol);
			context.init((keyManager != null) ? new KeyManager[] { keyManager } : null,
					(trustManager != null) ? new TrustManager[] { trustManager } : null, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a " + protocol + " context", ex);
		}
	}

	/**
	 * A {@code PKIX} key manager holding the certificate's chain and key.
	 * @param identity the certificate and key
	 * @return the key manager
	 */
	public static X509ExtendedKeyManager keyManager(TestCertificate identity) {
		try {
			KeyStore store = emptyStore();
			store.setKeyEntry("identity", identity.privateKey(), PASSWORD,
					identity.chain().toArray(new X509Certificate[0]));
			KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
			factory.init(store, PASSWORD);
			for (KeyManager manager : factory.getKeyManagers()) {
				if (manager instanceof X509ExtendedKeyManager extended) {
					return extended;
				}
			}
			throw new IllegalStateException("The PKIX key manager factory made no X509ExtendedKeyManager");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot make a key manager for " + identity, ex);
		}
	}

	/**
	 * A {@code PKIX} trust manager that trusts those certificates and nothing else.
	 * @param anchors the trusted certificates
	 * @return the trust manager
	 */
	public static X509ExtendedTrustManager trustManager(X509Certificate... anchors) {
		if (anchors.length == 0) {
			throw new IllegalArgumentException("A trust manager needs at least one trusted certificate");
		}
		try {
			KeyStore store = emptyStore();
			for (int i = 0; i < anchors.length; i++) {
				store.setCertificateEntry("anchor-" + i, anchors[i]);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
			factory.init(store);
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509ExtendedTrustManager extended) {
					return extended;
				}
			}
			throw new IllegalStateException("The PKIX trust manager factory made no X509ExtendedTrustManager");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot make a trust manager", ex);
		}
	}

	private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		return store;
	}

}
