package io.github.sslstarter.core;

import java.util.List;

import javax.net.ssl.X509ExtendedKeyManager;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.verify.SecurityLevel;
import io.github.sslstarter.verify.WeakCertificateException;

/**
 * The key side of a context: the key manager that presents our identities (certificate chains
 * and private keys; {@link IdentityChooser} picks one per connection), or none when the context
 * has no identity. An identity weaker than the context's security level is refused here, at
 * startup, as OpenSSL refuses to load it.
 */
final class KeyMaterial {

	private KeyMaterial() {
	}

	/**
	 * The key manager of a context's settings: its {@code identity} and {@code identities}, or
	 * {@code null} when it has none.
	 * @throws SslConfigurationException when a key or signature of a chain is below the security
	 * level, for an invalid host name, or two identities of one key type for one name
	 */
	static X509ExtendedKeyManager keyManager(SslSettings settings) {
		return keyManager(settings.identity(), settings.identities(), settings.sniRequired(),
				settings.securityLevel());
	}

	/** A key manager for {@code identity} alone, or {@code null} when there is none. */
	static X509ExtendedKeyManager keyManager(Identity identity, int securityLevel) {
		return keyManager(identity, List.of(), false, securityLevel);
	}

	/**
	 * A key manager that chooses among {@code identity} and {@code identities} per connection
	 * ({@link IdentityChooser}), or {@code null} when there are none.
	 */
	static X509ExtendedKeyManager keyManager(Identity identity, List<HostIdentity> identities, boolean sniRequired,
			int securityLevel) {
		SecurityLevel level = SecurityLevel.of(securityLevel);
		if (identity != null) {
			checkStrength(identity, level, "identity");
		}
		for (int i = 0; i < identities.size(); i++) {
			HostIdentity host = identities.get(i);
			checkStrength(host.identity(), level, (host.source() != null) ? host.source() : "identities[" + i + "]");
		}
		return IdentityChooser.of(identity, identities, sniRequired);
	}

	// every key of the chain we send, every signature but a self-signed certificate's (OpenSSL's
	// SSL_CTX_use_certificate and its chain)
	private static void checkStrength(Identity identity, SecurityLevel level, String property) {
		try {
			level.checkOwnChain(identity.chain());
		}
		catch (WeakCertificateException ex) {
			throw new SslConfigurationException(property, "our certificate " + ex.getMessage(),
					"use a certificate (and chain) of at least " + level.describe()
							+ ", or lower security-level to " + ex.acceptedUpTo()
							+ ", which accepts such weak certificates from peers too", ex);
		}
	}

}
