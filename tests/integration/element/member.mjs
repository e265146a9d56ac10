// A room member on Element's crypto stack: matrix-js-sdk with its Rust crypto.
//
// Logs in on a new device, cross-signs it as Element does at first login, sets the device
// isolation mode, joins the room, sends one command and waits for the bot's reply to it.
// Prints one line `RESULT {...}` to stdout: whether the reply came and could be decrypted,
// its body, and the decryption failures seen on the bot's events (with their reasons).
//
// usage: node member.mjs BASE_URL USER_ID PASSWORD ROOM_ID BOT_USER_ID signed|all TEXT

import * as sdk from "matrix-js-sdk";
import {
    AllDevicesIsolationMode,
    OnlySignedDevicesIsolationMode,
} from "matrix-js-sdk/lib/crypto-api/index.js";

const [baseUrl, userId, password, roomId, botUser, mode, text] = process.argv.slice(2);
const TIMEOUT_MS = 90_000;

for (const method of ["log", "info", "debug", "warn", "error"]) {
    console[method] = (...args) => process.stderr.write(args.join(" ") + "\n");
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(what, condition) {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
        const value = await condition();
        if (value) return value;
        await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}`);
}

const password_auth = {
    type: "m.login.password",
    identifier: { type: "m.id.user", user: userId },
    password,
};

async function main() {
    const login = await sdk
        .createClient({ baseUrl })
        .loginRequest({ ...password_auth, initial_device_display_name: "Element (js-sdk)" });
    const client = sdk.createClient({
        baseUrl,
        userId,
        accessToken: login.access_token,
        deviceId: login.device_id,
    });
    await client.initRustCrypto({ useIndexedDB: false });
    const crypto = client.getCrypto();
    crypto.setDeviceIsolationMode(
        mode === "signed"
            ? new OnlySignedDevicesIsolationMode()
            : new AllDevicesIsolationMode(false),
    );
    await crypto.bootstrapCrossSigning({
        authUploadDeviceSigningKeys: async (makeRequest) => {
            await makeRequest(password_auth);
        },
    });

    await client.startClient({ initialSyncLimit: 10 });
    await until("the first sync", () => client.isInitialSyncComplete());
    await client.joinRoom(roomId);
    const room = await until("the room", () => client.getRoom(roomId));
    await until("the room's encryption", () => crypto.isEncryptionEnabledInRoom(roomId));

    const { event_id: sent } = await client.sendTextMessage(roomId, text);
    const failures = new Set();
    let reply;
    try {
        reply = await until("the bot's reply", async () => {
            for (const event of room.getLiveTimeline().getEvents()) {
                if (event.getSender() !== botUser) continue;
                await client.decryptEventIfNeeded(event);
                if (event.isDecryptionFailure()) {
                    failures.add(String(event.decryptionFailureReason));
                    continue;
                }
                const relation = event.getContent()["m.relates_to"] ?? {};
                if (relation["m.in_reply_to"]?.event_id === sent) return event;
            }
            return undefined;
        });
    } catch (err) {
        process.stderr.write(`${err}\n`);
    }
    const own = await crypto.getDeviceVerificationStatus(userId, login.device_id);
    const result = {
        own_device_cross_signed: Boolean(own?.signedByOwner),
        sent,
        replied: reply !== undefined,
        decrypted: reply !== undefined && reply.isEncrypted() && !reply.isDecryptionFailure(),
        body: reply?.getContent().body ?? null,
        failures: [...failures],
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    client.stopClient();
}

main().then(
    () => process.exit(0),
    (err) => {
        process.stderr.write(`${err?.stack ?? err}\n`);
        process.exit(1);
    },
);
