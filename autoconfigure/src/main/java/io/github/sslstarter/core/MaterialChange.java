package io.github.sslstarter.core;

import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import io.github.sslstarter.material.Identity;

/**
 * What a reload changed in a context's material ({@link SslContextFactory#replaceMaterial}).
 *
 * @param identityChanged whether our key or certificate chain changed
 * @param trustChanged whether the trust anchors or CRLs changed
 * @param sessionsInvalidated how many cached sessions (client and server side) were dropped;
 * {@code -1} when the provider cannot drop them one by one
 */
public record MaterialChange(boolean identityChanged, boolean trustChanged, int sessionsInvalidated) {

	/** Whether anything changed at all. */
	public boolean changed() {
		return this.identityChanged || this.trustChanged;
	}

	static boolean sameIdentity(Identity a, Identity b) {
		if (a == null || b == null) {
			return a == b;
		}
		return a.chain().equals(b.chain()) && sameKey(a.privateKey(), b.privateKey());
	}

	/** The default identity and every further identity (names and material) are the same. */
	static boolean sameIdentities(SslSettings a, SslSettings b) {
		if (!sameIdentity(a.identity(), b.identity()) || a.identities().size() != b.identities().size()) {
			return false;
		}
		for (int i = 0; i < a.identities().size(); i++) {
			HostIdentity x = a.identities().get(i);
			HostIdentity y = b.identities().get(i);
			if (!x.hostNames().equals(y.hostNames()) || !sameIdentity(x.identity(), y.identity())) {
				return false;
			}
		}
		return true;
	}

	private static boolean sameKey(PrivateKey a, PrivateKey b) {
		byte[] encodedA = a.getEncoded();
		byte[] encodedB = b.getEncoded();
		boolean same = (encodedA != null && encodedB != null) ? Arrays.equals(encodedA, encodedB) : a.equals(b);
		if (encodedA != null) {
			Arrays.fill(encodedA, (byte) 0);
		}
		if (encodedB != null) {
			Arrays.fill(encodedB, (byte) 0);
		}
		return same;
	}

	static boolean sameTrust(SslSettings a, SslSettings b) {
		return a.trustSystemDefaults() == b.trustSystemDefaults()
				&& a.trustedCertificates().equals(b.trustedCertificates()) && sameCrls(a.crls(), b.crls());
	}

	private static boolean sameCrls(List<X509CRL> a, List<X509CRL> b) {
		return a.equals(b);
	}

	/** The certificate's SHA-256 fingerprint as OpenSSL prints it ({@code AB:CD:...}). */
	static String fingerprint(X509Certificate certificate) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			StringBuilder text = new StringBuilder(digest.length * 3);
			for (byte b : digest) {
				if (!text.isEmpty()) {
					text.append(':');
				}
				text.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
			return text.toString();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 of a certificate cannot be computed", ex);
		}
	}

}
