package io.github.sslstarter.material;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

import io.github.sslstarter.material.MaterialException.Problem;

/** Loads a PKCS#12 or JKS keystore, telling a wrong password from a corrupt file. */
final class KeyStores {

	static final int JKS_MAGIC = 0xFEEDFEED;

	static final int JCEKS_MAGIC = 0xCECECECE;

	private KeyStores() {
	}

	static KeyStore read(Location location, String type, char[] password) {
		byte[] bytes = location.read();
		String resolvedType = (type != null && !type.isBlank()) ? type.strip() : detectType(bytes, location);
		KeyStore keyStore;
		try {
			keyStore = KeyStore.getInstance(resolvedType);
		}
		catch (KeyStoreException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location.description(),
					"Keystore type '" + resolvedType + "' is not supported by this JVM",
					"Use PKCS12 or JKS, or leave the type unset to detect it", ex);
		}
		try {
			keyStore.load(new ByteArrayInputStream(bytes), password);
			if (password == null && hidesEncryptedContent(keyStore)) {
				throw new MaterialException(Problem.PASSWORD_REQUIRED, location.description(),
						"The " + resolvedType + " keystore encrypts its certificates and no password was given",
						"Set the keystore password");
			}
			return keyStore;
		}
		catch (IOException ex) {
			// The JDK reports a failed integrity check (bad password) as an IOException caused by
			// UnrecoverableKeyException; anything else is a damaged or mistyped file.
			if (ex.getCause() instanceof UnrecoverableKeyException) {
				if (password == null || password.length == 0) {
					throw new MaterialException(Problem.PASSWORD_REQUIRED, location.description(),
							"The " + resolvedType + " keystore is password protected and no password was given",
							"Set the keystore password", ex);
				}
				throw new MaterialException(Problem.WRONG_PASSWORD, location.description(),
						"The password does not open the " + resolvedType + " keystore", "Check the keystore password",
						ex);
			}
			throw notAKeyStore(location, resolvedType, ex);
		}
		catch (MaterialException ex) {
			throw ex;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw notAKeyStore(location, resolvedType, ex);
		}
	}

	/**
	 * Without a password the JDK loads a PKCS#12 file unchecked and silently leaves out its
	 * encrypted parts: key entries then have no chain, or the store looks empty.
	 */
	private static boolean hidesEncryptedContent(KeyStore keyStore) throws KeyStoreException {
		if (!"PKCS12".equalsIgnoreCase(keyStore.getType())) {
			return false;
		}
		if (keyStore.size() == 0) {
			return true;
		}
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias) && keyStore.getCertificateChain(alias) == null) {
				return true;
			}
		}
		return false;
	}

	private static MaterialException notAKeyStore(Location location, String type, Exception ex) {
		return new MaterialException(Problem.UNPARSEABLE, location.description(),
				"The content is not a valid " + type + " keystore",
				"Check the keystore type and the file (keytool -list -keystore <file>)", ex);
	}

	/** JKS and JCEKS start with a magic number; PKCS#12 is a DER SEQUENCE. */
	static String detectType(byte[] bytes, Location location) {
		if (bytes.length >= 4) {
			int magic = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
					| (bytes[3] & 0xFF);
			if (magic == JKS_MAGIC) {
				return "JKS";
			}
			if (magic == JCEKS_MAGIC) {
				return "JCEKS";
			}
			if (bytes[0] == 0x30) {
				return "PKCS12";
			}
		}
		throw new MaterialException(Problem.UNPARSEABLE, location.description(),
				"The content is neither a PKCS12 nor a JKS keystore",
				"Give a .p12/.pfx or .jks file, or use the certificate and private-key locations for PEM files");
	}

}
