import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/** The relying party the authenticator signs for unless told otherwise: BASE_URL https://login.example.org. */
export const ORIGIN = "https://login.example.org";
export const RP_ID = "login.example.org";
export const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

// ---- a tiny CBOR encoder: just what an attestation object and a COSE key need ----
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
}
type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;
function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") return Buffer.concat([cborHead(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

/** Authenticator data flags: user present, user verified, backup eligible, backed up, attested data. */
export const UP = 0x01;
export const UV = 0x04;
export const BE = 0x08;
export const BS = 0x10;
const AT = 0x40;

/**
 * A software authenticator with one ES256 credential: it answers WebAuthn's create (attestation "none") and get
 * (a signed assertion) as a browser's platform authenticator would, and can be told to lie (another origin, flags,
 * counter or key) so tests can see each lie refused.
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly privateKey: KeyObject;
  readonly coseKey: Buffer;
  counter = 0;

  constructor(readonly rpId = RP_ID) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    // COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y
    this.coseKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  private authData(flags: number, counter: number, attested: boolean): Buffer {
    const head = Buffer.alloc(37);
    sha256(this.rpId).copy(head, 0);
    head[32] = flags | (attested ? AT : 0);
    head.writeUInt32BE(counter, 33);
    if (!attested) return head;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([head, Buffer.alloc(16) /* aaguid */, idLength, this.credentialId, this.coseKey]);
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  create(challenge: string, { origin = ORIGIN, flags = UP | UV, type = "webauthn.create" } = {}) {
    const attestationObject = cbor(
      new Map<Cbor, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", this.authData(flags, this.counter, true)],
      ]),
    );
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: "public-key",
      response: {
        clientDataJSON: b64url(this.clientData(type, challenge, origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal", "hybrid", "carrier-pigeon"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  get(challenge: string, { origin = ORIGIN, flags = UP | UV, counter = ++this.counter, key = this.privateKey } = {}) {
    const authenticatorData = this.authData(flags, counter, false);
    const clientDataJSON = this.clientData("webauthn.get", challenge, origin);
    const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), key);
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
        userHandle: b64url(sha256("whatever")),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
