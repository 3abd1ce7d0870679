package io.github.sslstarter.core;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import io.github.sslstarter.material.Identity;

/**
 * The key side of a context: the JDK key manager that presents our identity (certificate chain
 * and private key), or none when the context has no identity.
 */
final class KeyMaterial {

	private KeyMaterial() {
	}

	/** A key manager for {@code identity}, or {@code null} when there is none. */
	static X509ExtendedKeyManager keyManager(Identity identity) {
		if (identity == null) {
			return null;
		}
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

}
