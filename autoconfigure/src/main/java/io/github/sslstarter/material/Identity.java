package io.github.sslstarter.material;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * A private key and its certificate chain, leaf first. Its {@code toString} never shows the key.
 * Build it with {@link #of} or {@link #fromKeyStore}, which check that the key belongs to the
 * leaf certificate.
 */
public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {

	public Identity {
		Objects.requireNonNull(privateKey, "privateKey");
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("An identity needs at least one certificate");
		}
	}

	/**
	 * Builds an identity, checking that the key belongs to the leaf certificate.
	 * @param privateKey the private key
	 * @param chain the certificate chain, leaf first
	 * @return the identity
	 * @throws MaterialException EMPTY (no certificate) or KEY_MISMATCH
	 */
	public static Identity of(PrivateKey privateKey, List<X509Certificate> chain) {
		return of(privateKey, chain, "private key and certificate");
	}

	/**
	 * Builds an identity, checking that the key belongs to the leaf certificate.
	 * @param privateKey the private key
	 * @param chain the certificate chain, leaf first
	 * @param location where key and chain came from, for messages (never a secret)
	 * @return the identity
	 * @throws MaterialException EMPTY (no certificate) or KEY_MISMATCH
	 */
	public static Identity of(PrivateKey privateKey, List<X509Certificate> chain, String location) {
		Objects.requireNonNull(privateKey, "privateKey");
		if (chain == null || chain.isEmpty()) {
			throw new MaterialException(Problem.EMPTY, location, "There is no certificate for the private key",
					"Configure the certificate (chain) that belongs to the private key");
		}
		X509Certificate leaf = chain.get(0);
		if (!KeyMatch.matches(privateKey, leaf.getPublicKey())) {
			throw new MaterialException(Problem.KEY_MISMATCH, location,
					"The " + privateKey.getAlgorithm() + " private key does not belong to the certificate '"
							+ leaf.getSubjectX500Principal().getName() + "' (" + leaf.getPublicKey().getAlgorithm()
							+ " key, serial " + leaf.getSerialNumber().toString(16) + ")",
					"Configure the certificate issued for this key, or the key the certificate was made for "
							+ "(the leaf certificate must come first)");
		}
		return new Identity(privateKey, chain);
	}

	/**
	 * Reads a private key entry and its chain from a loaded keystore.
	 * @param keyStore the loaded keystore
	 * @param alias the entry; null means the only private key entry
	 * @param keyPassword the password of the key entry (often the keystore password)
	 * @param location where the keystore came from, for messages (never a secret)
	 * @return the identity
	 * @throws MaterialException ALIAS_NOT_FOUND (no such key entry, or none or several and no
	 * alias), PASSWORD_REQUIRED, WRONG_PASSWORD, EMPTY (no chain) or KEY_MISMATCH
	 */
	public static Identity fromKeyStore(KeyStore keyStore, String alias, char[] keyPassword, String location) {
		try {
			List<String> aliases = Collections.list(keyStore.aliases());
			List<String> keyAliases = new ArrayList<>();
			for (String candidate : aliases) {
				if (keyStore.entryInstanceOf(candidate, KeyStore.PrivateKeyEntry.class)) {
					keyAliases.add(candidate);
				}
			}
			String chosen = chooseAlias(keyStore, alias, aliases, keyAliases, location);
			Key key = key(keyStore, chosen, keyPassword, location);
			if (!(key instanceof PrivateKey privateKey)) {
				throw aliasNotFound(location, "The entry '" + chosen + "' does not hold a private key", aliases);
			}
			Certificate[] certificates = keyStore.getCertificateChain(chosen);
			if (certificates == null || certificates.length == 0) {
				throw new MaterialException(Problem.EMPTY, location,
						"The key entry '" + chosen + "' has no certificate chain",
						"Import the certificate chain for the key into the keystore");
			}
			List<X509Certificate> chain = new ArrayList<>();
			for (Certificate certificate : certificates) {
				if (!(certificate instanceof X509Certificate x509)) {
					throw new MaterialException(Problem.UNPARSEABLE, location,
							"The chain of '" + chosen + "' holds a " + certificate.getType() + " certificate, not X.509",
							"Use X.509 certificates");
				}
				chain.add(x509);
			}
			return of(privateKey, chain, location);
		}
		catch (KeyStoreException ex) {
			throw new MaterialException(Problem.UNREADABLE, location, "The keystore has not been loaded",
					"Load the keystore before reading an identity from it", ex);
		}
	}

	private static String chooseAlias(KeyStore keyStore, String alias, List<String> aliases, List<String> keyAliases,
			String location) throws KeyStoreException {
		if (alias == null) {
			if (keyAliases.size() == 1) {
				return keyAliases.get(0);
			}
			if (keyAliases.isEmpty()) {
				throw aliasNotFound(location, "The keystore holds no private key entry", aliases);
			}
			throw new MaterialException(Problem.ALIAS_NOT_FOUND, location,
					"The keystore holds " + keyAliases.size() + " private key entries " + keyAliases
							+ " and no alias was given",
					"Set the alias to one of " + keyAliases);
		}
		if (!keyStore.containsAlias(alias)) {
			throw aliasNotFound(location, "The keystore has no entry '" + alias + "'", aliases);
		}
		if (!keyStore.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
			throw aliasNotFound(location, "The entry '" + alias + "' is not a private key entry", aliases);
		}
		return alias;
	}

	private static Key key(KeyStore keyStore, String alias, char[] keyPassword, String location) {
		try {
			return keyStore.getKey(alias, keyPassword);
		}
		catch (UnrecoverableKeyException | RuntimeException ex) {
			// Some keystores fail on a null password with a NullPointerException.
			if (keyPassword == null) {
				throw new MaterialException(Problem.PASSWORD_REQUIRED, location,
						"The key entry '" + alias + "' is password protected and no key password was given",
						"Set the key password (often the same as the keystore password)", ex);
			}
			if (!(ex instanceof UnrecoverableKeyException)) {
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"The key entry '" + alias + "' cannot be read", "Check the keystore with keytool -list -v", ex);
			}
			throw new MaterialException(Problem.WRONG_PASSWORD, location,
					"The key password does not open the key entry '" + alias + "'",
					"Check the key password (often the same as the keystore password)", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location, "The key entry '" + alias + "' cannot be read",
					"Check the keystore with keytool -list -v", ex);
		}
	}

	private static MaterialException aliasNotFound(String location, String message, List<String> aliases) {
		String present = aliases.isEmpty() ? "the keystore is empty" : "entries present: " + aliases;
		return new MaterialException(Problem.ALIAS_NOT_FOUND, location, message + " (" + present + ")",
				"Set the alias to a private key entry of the keystore");
	}

	/**
	 * The leaf certificate.
	 * @return the first certificate of the chain
	 */
	public X509Certificate certificate() {
		return this.chain.get(0);
	}

	@Override
	public String toString() {
		return "Identity[" + certificate().getSubjectX500Principal().getName() + ", " + this.privateKey.getAlgorithm()
				+ " key, chain of " + this.chain.size() + "]";
	}

}
