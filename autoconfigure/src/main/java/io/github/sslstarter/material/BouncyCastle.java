package io.github.sslstarter.material;

/**
 * Whether the optional Bouncy Castle PKIX library (and the provider library it depends on) is
 * visible to this package's class loader, which is the loader that would link
 * {@link LegacyEncryptedKeys} and {@link BouncyCastlePbe}.
 */
final class BouncyCastle {

	private BouncyCastle() {
	}

	static boolean isPresent() {
		ClassLoader loader = BouncyCastle.class.getClassLoader();
		return isPresent("org.bouncycastle.openssl.PEMParser", loader)
				&& isPresent("org.bouncycastle.openssl.bc.BcPEMDecryptorProvider", loader)
				&& isPresent("org.bouncycastle.asn1.pkcs.PrivateKeyInfo", loader)
				&& isPresent("org.bouncycastle.crypto.generators.SCrypt", loader)
				&& isPresent("org.bouncycastle.crypto.engines.CamelliaEngine", loader);
	}

	private static boolean isPresent(String className, ClassLoader loader) {
		try {
			Class.forName(className, false, loader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
