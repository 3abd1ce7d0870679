package io.github.sslstarter.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.verify.SecurityLevel;
import io.github.sslstarter.verify.WeakCertificateException;

/**
 * The key side of a context: the JDK key manager that presents our identity (certificate chain
 * and private key), or none when the context has no identity. An identity weaker than the
 * context's security level is refused here, at startup, as OpenSSL refuses to load it.
 */
final class KeyMaterial {

	private KeyMaterial() {
	}

	/**
	 * A key manager for {@code identity}, or {@code null} when there is none.
	 * @throws SslConfigurationException when a key or signature of the chain is below
	 * {@code securityLevel}
	 */
	static X509ExtendedKeyManager keyManager(Identity identity, int securityLevel) {
		if (identity == null) {
			return null;
		}
		checkStrength(identity, SecurityLevel.of(securityLevel));
		try {
			char[] password = new char[0];
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("identity", identity.privateKey(), password,
					identity.chain().toArray(new X509Certificate[0]));
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(store, password);
			for (KeyManager manager : factory.getKeyManagers()) {
				if (manager instanceof X509ExtendedKeyManager extended) {
					return extended;
				}
			}
			throw new GeneralSecurityException("The key manager factory returned no X509ExtendedKeyManager");
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new SslConfigurationException("identity", "the identity cannot be used: " + ex.getMessage(),
					"check the private key and certificate", ex);
		}
	}

	// every key of the chain we send, every signature but a self-signed certificate's (OpenSSL's
	// SSL_CTX_use_certificate and its chain)
	private static void checkStrength(Identity identity, SecurityLevel level) {
		try {
			level.checkOwnChain(identity.chain());
		}
		catch (WeakCertificateException ex) {
			throw new SslConfigurationException("identity", "our certificate " + ex.getMessage(),
					"use a certificate (and chain) of at least " + level.describe()
							+ ", or lower security-level to " + ex.acceptedUpTo()
							+ ", which accepts such weak certificates from peers too", ex);
		}
	}

}
