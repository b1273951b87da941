/**
 * Fixed keys of the auth conformance app, test-only and public: each worker thread and process
 * imports the app module on its own, so keys generated at load would differ between them.
 * Never use them for anything else.
 */

/** The HS256 secret (at least 32 bytes, as the verifier requires for HS256). */
export const HS256_SECRET = 'bolt-conformance-hs256-secret-not-for-production';

/** RS256 (RSA 2048) public key, SPKI PEM: the app verifies with it. */
export const RSA_PUBLIC_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmrOyCyeNcc5Lyt8tbeoE
1Kh7aelqISGThYNnIEZagukcGaiks7DLQ3j83NSSXeN5NdfP/ldHldBad8UTPmKf
1qHGcktR0wve1yv/XAcHV5ZkX0tVmzhiDw1SpvKf1Oj00NIYY25xzNAECqJ4Ro8e
B6ffR32/cCnn9ciOULSHxcuA03uh6dcllPPK5LtEuWOvmTQznfxHniSIEbOiLjkn
EAHBwiuy1ndHAyV+gqQrQXSsFLjrxNQpgD0oOf7adEXW3fq123AvShKC/ZeSxkAH
E6lYgih74zqepJoQv3CfAaMgelE6upyrN0q6s5RiV+HztcGSzfTB/H7736cV3vi/
BwIDAQAB
-----END PUBLIC KEY-----
`;

/** The matching private key, PKCS#8 PEM: the cases sign with it. */
export const RSA_PRIVATE_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCas7ILJ41xzkvK
3y1t6gTUqHtp6WohIZOFg2cgRlqC6RwZqKSzsMtDePzc1JJd43k118/+V0eV0Fp3
xRM+Yp/WocZyS1HTC97XK/9cBwdXlmRfS1WbOGIPDVKm8p/U6PTQ0hhjbnHM0AQK
onhGjx4Hp99Hfb9wKef1yI5QtIfFy4DTe6Hp1yWU88rku0S5Y6+ZNDOd/EeeJIgR
s6IuOScQAcHCK7LWd0cDJX6CpCtBdKwUuOvE1CmAPSg5/tp0Rdbd+rXbcC9KEoL9
l5LGQAcTqViCKHvjOp6kmhC/cJ8BoyB6UTq6nKs3SrqzlGJX4fO1wZLN9MH8fvvf
pxXe+L8HAgMBAAECggEAA7j5Os172NY2+q2+IRv1e8yGE7lbJWryas8LpzoqKWZE
l9V4CR7i9T+vDf1LfFjh7MrBpYQiI9e8pY8ndGPZJsgDx3JKiMKLXTAg1+0PXysu
RSDB8Zc8vNH8QCoscGoeofu8PIBG2r/SqRLZxBDjjxmaBNVgyuknPMHTstt1POws
Gv5paBgjFKri5z05U/Y4iJ9uEBmkn+8K7yMMTt1uzNTsK5+RgargX6xrnSROs1kE
PQn62hNL+qzrmP9U9J5RKPzyVlylQ6TRs8EqB3FILtyNSdnE1MT8NrkG4NiDqBT2
ox7FNGG0VVOnW2qyevA1iBDJpBIT4ZxFep+kmAMReQKBgQDOUiLPfOvMURrCwWH4
9C+ImZkO7RtaH2GCqPskQ3FoooK/+pvBr7ne7sTUlkgjGr9YraoBoVIwkBnC2v4G
Kd6tDV5kPNuIwskP7JMutvj0CyntsT5WpCgC3HuCH5iACA0bn2n3UcsnUJ+ZOc7K
qudF9TEDhCw6nY3UB2457lTk/QKBgQC/87VJfwMu7X3euP/ro4L3TDu+ApSDZdEA
1aY8/3BM6eN9trjUN7kEUUk9t8a153GzK5vWfMRbpC63CcohaDplLe9hemIQKR6z
GFgHGz1lJpKMWpBtPC41O/yIJteNbWQ6aV22zc39e9rofDKyhRh4yXDzy7IiczV7
ycEvHFzVUwKBgEKks0vULRJNLFi2QGA699Om0ZLJsekVc9jRnnWjN1G2FIfQellA
2sgQ1hFZDaoRLLeHOP/XzQWUtk2DkUQKaDv7sn6sTblKOcnj/9K6FYY2yO9XLiys
T6RE9bwdWpQYhatjfcX+bKGhYDwNOSertpKZVaCuI983HyXa1Jbvzgo9AoGBALCL
wUCQ7meaDXvtIY0kPc+gMQ6JJvlXiwy+dICD3FERiafViFe/zI65CKkYP06NSZkm
UdXLuXokHsdA3MUvLQ5kWliIjGsatt64VDZtCmHfQUiP/2hIwqM5wgGj3/t3Eola
4dPBpGUxJl1P5f0lxyVI+Xdx8SwYVKe/H8xpxMR7AoGAOfbQ5Jj5Ovn3AFhrkkq2
qmUJ63ysQUplC9DZzIsw9zig67M6ij3ZzscKMTkqOwxt8lZKxghPRJwcFldKW5w9
P2cwF1QclQ/ce+H+PmltKbrcvKl79nw1gUR8vhIly7uLgPx4+SZwmUfRrPyMSY5L
QCbcQ+XZidrZuW6FaRugyLc=
-----END PRIVATE KEY-----
`;
