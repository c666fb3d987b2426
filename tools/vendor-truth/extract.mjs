// Extracts, from Agora's shipped SDK packages unpacked under a folder, every fact Agora.Connectivity speaks of: enum names and
// values, event names, and documented timings, each with its provenance (package@version, file, line or search string).
// Usage: node extract.mjs <folder with one sub-folder per package@version, each holding the tarball's "package/"> > facts.json
// refresh.sh runs it; the output is deterministic (sorted, no dates) so a refresh reproduces the checked-in file exactly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: node extract.mjs <unpacked-packages-folder>');
  process.exit(2);
}

const read = (pkg, file) => readFileSync(join(root, pkg, 'package', file), 'utf8');
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

// TypeScript enums: `enum Name {` (exported, declared or in a namespace) to its closing brace; members `A = 1,` or `A = "A",`.
function enums(pkg, file, names) {
  const text = read(pkg, file);
  return names.map((name) => {
    const start = text.search(new RegExp(`\\benum ${name} \\{`));
    if (start < 0) throw new Error(`${pkg} ${file}: enum ${name} not found`);
    const close = /^\s*\}\s*$/m;
    const end = start + text.slice(start).search(close);
    const members = [];
    const member = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("([^"]*)"|-?\d+)\s*,?\s*$/gm;
    member.lastIndex = start;
    let m;
    while ((m = member.exec(text)) && m.index < end) {
      members.push({ name: m[1], value: m[3] !== undefined ? m[3] : Number(m[2]), line: lineOf(text, m.index + m[0].indexOf(m[1])) });
    }
    return { package: pkg, file, enum: name, members };
  });
}

// The first line matching `pattern` (after `anchor`, when given), with the number it captures: a documented timing.
function timing(id, pkg, file, pattern, anchor) {
  const text = read(pkg, file);
  const from = anchor ? text.indexOf(anchor) : 0;
  if (from < 0) throw new Error(`${pkg} ${file}: anchor ${anchor} not found`);
  const re = new RegExp(pattern, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) throw new Error(`${pkg} ${file}: ${pattern} not found`);
  return { id, package: pkg, file, line: lineOf(text, m.index), text: m[0], value: Number(m[1]) };
}

// Event names a type definition declares, each at its line: `on(event: "name"` or an events interface's `Name: (`.
function events(pkg, file, style, names) {
  const text = read(pkg, file);
  return names.map((name) => {
    const needle = style === 'on' ? `on(event: "${name}"` : `    ${name}: (`;
    const index = text.indexOf(needle);
    return { package: pkg, file, name, declared: index >= 0, line: index >= 0 ? lineOf(text, index) : null };
  });
}

// How often a search string occurs in a file (a bundle, where the types are silent).
function searches(pkg, file, strings) {
  const text = read(pkg, file);
  return strings.map((search) => ({ package: pkg, file, search, count: text.split(search).length - 1 }));
}

const RN4 = 'react-native-agora@4.6.4';
const RN3 = 'react-native-agora@3.7.1';
const ELECTRON = 'agora-electron-sdk@4.6.2';
const WEB4 = 'agora-rtc-sdk-ng@4.24.8';
const WEB3 = 'agora-rtc-sdk@3.6.11';
const WEB25 = 'agora-rtc-sdk@2.5.1';
const WEB23 = 'agora-rtc-sdk@2.3.1';
const RTM = ['agora-rtm-sdk@1.4.5', 'agora-rtm-sdk@1.5.1', 'agora-rtm-sdk@1.6.0'];
const WEB4_BUNDLE = 'AgoraRTC_N-production.js';
const RTM2_RN = 'agora-react-native-rtm@2.2.6';
const RTM2_WEB = 'agora-rtm-sdk@2.3.0';
// agora-rtm.js, where every link transition is a call of _updateLinkState(state, operation, [channels,] reason, code) (docs/rtm2.md).
const RTM2_TRANSITIONS = [
  '_updateLinkState("CONNECTING","LOGIN",[],"LOGIN",D.LOGIN)',
  '"FAILED"===this._linkState&&this._updateLinkState("CONNECTING","LOGIN",[],"RELOGIN",D.RELOGIN)',
  '_updateLinkState("CONNECTED","LOGIN",[],"LOGIN_SUCCESS",D.LOGIN_SUCCESS)',
  '_updateLinkState("DISCONNECTED","HEARTBEAT_TIMEOUT",this._getUsedMessageChannelIds(),"KEEP_ALIVE_TIMEOUT",D.KEEP_ALIVE_TIMEOUT)',
  '["DISCONNECTED","SUSPENDED"].includes(this._linkState)&&this._updateLinkState("CONNECTING","AUTO_RECONNECT",[],"AUTO_RECONNECT",D.AUTO_RECONNECT)',
  'this._suspended?this._updateLinkState("SUSPENDED","AUTO_RECONNECT",[],"RECONNECT_TIMEOUT",D.RECONNECT_TIMEOUT):this._updateLinkState("DISCONNECTED","SERVER_TIMEOUT",[],A?"RECONNECT_TIMEOUT":"LOGIN_TIMEOUT"',
  '(this._suspendedTimer=setTimeout((()=>{this._suspended=!0}),115e3))',
  '_updateLinkState("DISCONNECTED","NETWORK_CHANGE",[],"NETWORK_CHANGE",D.NETWORK_CHANGE)',
  '_updateLinkState("CONNECTED",A?"LOGIN":"AUTO_RECONNECT",this._getUsedMessageChannelIds(),A?"RELOGIN":"RECONNECT_SUCCESS",A?D.RELOGIN:D.RECONNECT_SUCCESS,!this._suspended)',
  '_updateLinkState("FAILED","SERVER_REJECT",this._getUsedMessageChannelIds(),t,e)',
  '_updateLinkState("FAILED","AUTO_RECONNECT",this._getUsedMessageChannelIds(),"RECONNECT_TIMEOUT",D.RECONNECT_TIMEOUT)',
  '_updateLinkState("FAILED","LOGIN",[],I,g)',
  '_updateLinkState("IDLE","LOGOUT",this._getUsedMessageChannelIds(),"LOGOUT",D.LOGOUT)',
  'case L_.kTimestampExpired:this.logError("Server banned because of token is expired, ticket expired."),e=D.TOKEN_EXPIRED',
  'case L_.kRejoined:',
  'e=D.SAME_UID_LOGIN',
  'e=D.LOGIN_TOO_FREQUENT',
  'e=D.KICKED_OUT_BY_SERVER',
  // Round 2 (issue 37): a relogin while the link is down, a login while connected, a refused reconnect to the drop handler.
  'this.log("custom reLogin, need retry right now"),this._updateLinkState("CONNECTING","LOGIN",[],"RELOGIN",D.RELOGIN)',
  'if("CONNECTED"===this._linkState)return B',
  'this.handleFailed("user resp error",g)',
  'this.logError("User kicked off for unknown code: ".concat(A))',
];
// agora-rtm.js, the link's timings as the bundle writes them (the types are silent on all but the heartbeat and presence ranges).
const RTM2_TIMINGS = [
  '.pipe(gD(5e3),lu(1)',
  'this.linkIntervals=[...nt]',
  ',nt=[2,4,8,16,32,32]',
  'this.linkIntervals.splice(0,1)[0]:30)',
  'RTM_LINK_KEEP_ALIVE_TIMEOUT:{type:"number",defaultValue:1e4}',
  'heartbeatInterval+Vh("RTM_LINK_KEEP_ALIVE_TIMEOUT")-6e3',
  ',It=5e3',
  ',it=18e5',
  'A>300?A=300:A<5&&(A=5)',
  'MIN_RECONNECT_TIMEOUT_IN_SECONDS:{type:"number",min:15,max:3600}',
  'this._reconnectTimeoutTimer=setTimeout((()=>{this._reconnectTimeoutTimer=null,this._handleReconnectTimeout()}),1e3*e)',
  'this.log("network change, will retry connect in 2s")',
  'this.log("network is online, will retry connect now")',
  // Round 2 (issue 37): the ping cadence, the socket's 3 s before a new login request, and "0 = never".
  'this.startPingTimer(A,!0)',
  'ou(e?0:this.context.heartbeatInterval',
  '(e=>{let t=e.serverMs;this.context.pongTime=t.toNumber(),this.context.offsetTime=this.context.pongTime-(new Date).getTime(),this.startPingTimer(A)})),gD(t)',
  'this.emit("reconnect")',
  'we(Ct)',
  ',Ct=3e3',
  'is 0, normalized to undefined',
];
const RTM_EVENTS = ['ConnectionStateChanged', 'TokenExpired', 'TokenPrivilegeWillExpire', 'MemberJoined', 'MemberLeft'];

const facts = {
  packages: [RN4, RN3, ELECTRON, WEB4, WEB3, WEB25, WEB23, ...RTM, RTM2_RN, RTM2_WEB],
  enums: [
    ...enums(RN4, 'src/AgoraBase.ts', ['ConnectionStateType', 'ConnectionChangedReasonType', 'UserOfflineReasonType']),
    ...enums(ELECTRON, 'ts/Private/AgoraBase.ts', ['ConnectionStateType', 'ConnectionChangedReasonType', 'UserOfflineReasonType']),
    ...enums(RN3, 'src/common/Enums.ts', ['ConnectionStateType', 'ConnectionChangedReason', 'UserOfflineReason']),
    ...enums(WEB4, 'rtc-sdk_en.d.ts', ['ConnectionDisconnectedReason']),
    ...RTM.flatMap((pkg) => enums(pkg, 'index.d.ts', ['ConnectionState', 'ConnectionChangeReason'])),
    ...enums(RTM2_RN, 'src/legacy/AgoraRtmBase.ts', ['RtmLinkState', 'RtmLinkOperation', 'RtmServiceType', 'RtmLinkStateChangeReason']),
  ],
  events: [
    ...events(WEB4, 'rtc-sdk_en.d.ts', 'on', ['connection-state-change', 'user-joined', 'user-left', 'user-published', 'user-unpublished',
      'token-privilege-will-expire', 'token-privilege-did-expire', 'stream-added', 'peer-leave', 'onTokenPrivilegeWillExpire']),
    ...events(WEB3, 'index.d.ts', 'on', ['connection-state-change', 'peer-online', 'peer-leave', 'stream-added', 'stream-removed', 'client-banned',
      'reconnect', 'rejoin', 'onTokenPrivilegeWillExpire', 'onTokenPrivilegeDidExpire', 'token-privilege-will-expire', 'user-left']),
    ...RTM.flatMap((pkg) => events(pkg, 'index.d.ts', 'member', RTM_EVENTS)),
    ...events(RTM2_WEB, 'agora-rtm.d.ts', 'member', ['linkState', 'presence']),
  ],
  searches: [
    ...searches(WEB4, 'rtc-sdk_en.d.ts', ['"DISCONNECTED" | "CONNECTING" | "RECONNECTING" | "CONNECTED" | "DISCONNECTING"', '`"Quit"`', '`"ServerTimeOut"`', '`"BecomeAudience"`']),
    ...searches(WEB4, WEB4_BUNDLE, ['t!==qN.FALLBACK&&(this.state="DISCONNECTING")', 'this._gateway.leave(!0,qN.TOKEN_EXPIRE),this.safeEmit(nD.ON_TOKEN_PRIVILEGE_DID_EXPIRE)',
      'await this._gateway.leave("CONNECTED"!==this.connectionState,qN.LEAVE)', '"ERR_REPEAT_JOIN_CHANNEL"===t.desc&&this.close(qN.UID_BANNED)',
      'this._gateway.state="DISCONNECTED",this._reset()', 'qN.SERVER_ERROR', 'rD.SERVER_ERROR']),
    ...searches(WEB3, 'index.d.ts', ['"Quit"', '"ServerTimeOut"', '"BecomeAudience"', '`DISCONNECTING`']),
    ...searches(WEB3, 'AgoraRTCSDK.min.js', ['j.connetionStateMap={0:"DISCONNECTED",1:"CONNECTING",2:"CONNECTED",3:"DISCONNECTING"}',
      'type:"connection-state-change",prevState:', 'L.dispatchEvent({type:"reconnect"})', 'type:"client-banned",uid:e.uid,attr:e.error_code',
      'L.closeGateway(),L.dispatchEvent(Object(m.a)({type:"onTokenPrivilegeDidExpire"}))']),
    ...[WEB25, WEB23].flatMap((pkg) => searches(pkg, 'AgoraRTCSDK.min.js', ['"stream-added"', '"stream-removed"', 'type:"peer-leave",uid:e.id}',
      '"onTokenPrivilegeWillExpire"', '"onTokenPrivilegeDidExpire"', '"connection-state-change"'])),
    ...RTM.flatMap((pkg) => searches(pkg, 'index.js', ['12e3', '"userDropHandler"'])),
    ...searches(RTM[1], 'index.js', [
      'case 2:s.logError("Server banned because of token is expired"),s.onConnectionStateChanged(oa.ABORTED,Rb.TOKEN_EXPIRED),s.emit("TokenExpired")',
      'case 11:s.logError("Kicked off by remote session"),s.onConnectionStateChanged(oa.ABORTED,Rb.REMOTE_LOGIN)',
      'case 14:case 15:case 16:', 's.onConnectionStateChanged(oa.ABORTED,Rb.BANNED_BY_SERVER)', 's.onConnectionStateChanged(oa.ABORTED,Rb.INTERRUPTED)']),
    ...searches(RTM2_RN, 'src/legacy/IAgoraRtmClient.ts', ['onLinkStateEvent?(event: LinkStateEvent): void;']),
    ...searches(RTM2_RN, 'src/internal/RtmClientInternal.ts', ["linkState: 'onLinkStateEvent'"]),
    ...searches(RTM2_WEB, 'agora-rtm.d.ts', [
      "type LinkOperation = 'LOGIN' | 'LOGOUT' | 'JOIN' | 'LEAVE' | 'SERVER_REJECT' | 'AUTO_RECONNECT' | 'RECONNECTED' | 'HEARTBEAT_TIMEOUT' | 'SERVER_TIMEOUT' | 'NETWORK_CHANGE';",
      "type ServiceType = 'MESSAGE' | 'STREAM';", "| 'REMOTE_TIMEOUT'", 'isResumed: boolean;']),
    ...searches(RTM2_WEB, 'agora-rtm.js', [...RTM2_TRANSITIONS, ...RTM2_TIMINGS]),
  ],
  timings: [
    timing('rtc.interruption', RN4, 'src/IAgoraRtcEngine.ts', 'lost connection to the server for more than (\\d+) seconds', 'onConnectionInterrupted'),
    timing('rtc.lost', RN4, 'src/IAgoraRtcEngine.ts', 'cannot reconnect to the server within (\\d+) seconds'),
    timing('rtc.lost-after-join', RN4, 'src/IAgoraRtcEngine.ts', 'fails to connect to the server within (\\d+) seconds, regardless of whether the channel is joined'),
    timing('rtc.reconnect-failure-minutes', RN4, 'src/IAgoraRtcEngine.ts', 'fails to rejoin the channel within (\\d+) minutes after disconnection'),
    timing('rtc.native-offline', RN4, 'src/IAgoraRtcEngine.ts', 'within a certain period \\((\\d+) seconds in communication'),
    timing('rtc.token-warning', RN4, 'src/IAgoraRtcEngine.ts', 'token is about to expire in (\\d+) seconds'),
    timing('web3.offline', WEB3, 'index.d.ts', 'received for (\\d+) seconds, the SDK assumes that the user drops offline'),
    timing('web3.token-warning', WEB3, 'index.d.ts', 'Occurs when the Token expires in (\\d+) seconds'),
    timing('web4.offline', WEB4, 'rtc-sdk_en.d.ts', 'is received for (\\d+) seconds, the SDK assumes that the user has dropped offline'),
    timing('rtm.presence', RTM[0], 'index.d.ts', 'stays disconnected with the Agora RTM system for (\\d+) seconds'),
    timing('rtm.token-warning', RTM[1], 'index.d.ts', 'will expire after (\\d+) seconds'),
    timing('rtm.login-timeout-seconds', RTM[1], 'index.js', 'loginHandler",value:function\\(\\)\\{var e=this,t=0<arguments.length&&void 0!==arguments\\[0\\]\\?arguments\\[0\\]:(\\d+)e3'),
    timing('rtm.member-events-limit', RTM[1], 'index.d.ts', 'This callback is disabled when the number of the channel members exceeds (\\d+)'),
    timing('rtm2.heartbeat-default-seconds', RTM2_WEB, 'agora-rtm.d.ts', '@default (\\d+)', 'SDK keep-alive period'),
    timing('rtm2.heartbeat-min-seconds', RTM2_WEB, 'agora-rtm.d.ts', 'value range (\\d+)-\\d+s', 'SDK keep-alive period'),
    timing('rtm2.heartbeat-max-seconds', RTM2_WEB, 'agora-rtm.d.ts', 'value range \\d+-(\\d+)s', 'SDK keep-alive period'),
    timing('rtm2.presence-default-seconds', RTM2_WEB, 'agora-rtm.d.ts', 'The default value is (\\d+) seconds', 'when the user is offline for more than this time'),
    timing('rtm2.presence-min-seconds', RTM2_WEB, 'agora-rtm.js', 'A>\\d+\\?A=\\d+:A<(\\d+)&&'),
    timing('rtm2.presence-max-seconds', RTM2_WEB, 'agora-rtm.js', 'A>(\\d+)\\?A=\\d+:A<\\d+&&'),
    timing('rtm2.attempt-timeout-ms', RTM2_WEB, 'agora-rtm.js', '\\.pipe\\(gD\\((\\d+e\\d+)\\),lu\\(1\\)'),
    timing('rtm2.suspend-after-ms', RTM2_WEB, 'agora-rtm.js', 'this\\._suspended=!0\\}\\),(\\d+e\\d+)\\)'),
    timing('rtm2.keep-alive-parameter-ms', RTM2_WEB, 'agora-rtm.js', 'RTM_LINK_KEEP_ALIVE_TIMEOUT:\\{type:"number",defaultValue:(\\d+e\\d+)\\}'),
    timing('rtm2.keep-alive-offset-ms', RTM2_WEB, 'agora-rtm.js', 'heartbeatInterval\\+Vh\\("RTM_LINK_KEEP_ALIVE_TIMEOUT"\\)-(\\d+e\\d+)'),
    timing('rtm2.wait-after-list-seconds', RTM2_WEB, 'agora-rtm.js', 'this\\.linkIntervals\\.splice\\(0,1\\)\\[0\\]:(\\d+)\\)'),
    timing('rtm2.network-change-wait-seconds', RTM2_WEB, 'agora-rtm.d.ts', 'the SDK will reconnect again after (\\d+)s'),
    timing('rtm2.reconnect-min-seconds', RTM2_RN, 'src/legacy/IAgoraRtmClient.ts', 'Range: \\[(\\d+), \\d+\\]'),
    timing('rtm2.reconnect-max-seconds', RTM2_RN, 'src/legacy/IAgoraRtmClient.ts', 'Range: \\[\\d+, (\\d+)\\]'),
  ],
};

process.stdout.write(JSON.stringify(facts, null, 2) + '\n');
