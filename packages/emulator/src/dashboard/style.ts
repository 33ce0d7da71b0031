/** The dashboard's style sheet (inline in the page; allowed by its hash in the Content-Security-Policy). */
export const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--line:#e2e5ea;--text:#1d2330;--muted:#5a6372;--accent:#2459c9;--accent-soft:#e8effc;
--ok:#1b6b36;--ok-bg:#e4f4e9;--busy:#7a5000;--busy-bg:#fff2d2;--off:#454e5c;--off-bg:#eceff3;--bad:#a4232a;--bad-bg:#fce7e7;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#15181d;--card:#1d2128;--line:#2e343e;--text:#e4e7ec;--muted:#9aa3b1;--accent:#7aa5ff;
--accent-soft:#24304a;--ok:#8fdca6;--ok-bg:#1d3526;--busy:#f3cf7a;--busy-bg:#3a3018;--off:#b9c0cb;--off-bg:#2a3038;--bad:#ff9a9a;--bad-bg:#44202a}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:17px;margin:0;font-weight:650;letter-spacing:.01em}
h2{font-size:15px;margin:0 0 10px;font-weight:650}
h3{font-size:13px;margin:14px 0 6px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
h4{font-size:13px;margin:14px 0 6px;font-weight:650}
.skip{position:absolute;left:-999px;top:8px;background:var(--card);padding:6px 10px;border-radius:6px;z-index:5}
.skip:focus{left:8px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.bar{display:flex;flex-wrap:wrap;align-items:center;gap:10px 22px;padding:12px 20px;background:var(--card);border-bottom:1px solid var(--line)}
.group{display:flex;align-items:center;gap:6px;flex-wrap:wrap}
.muted{color:var(--muted)}
.mono{font-family:var(--mono);font-size:12.5px}
output.now{font-family:var(--mono);font-size:13px;background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:3px 8px}
button,select,input{font:inherit;color:inherit}
button{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:4px 10px;cursor:pointer}
button:hover{border-color:var(--muted)}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button.danger{color:var(--bad)}
button.link{border:0;background:none;padding:0;color:var(--accent);text-align:left;font-weight:550}
button.link:hover{text-decoration:underline}
select,input{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:4px 8px;min-width:0}
input[type=number]{width:7em}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(340px,1fr);gap:16px;padding:16px 20px;align-items:start}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;min-width:0}
#inspector{grid-column:2;grid-row:1/span 3;position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{font-size:12px;font-weight:600;color:var(--muted)}
tr:last-child td{border-bottom:0}
#resource-groups td:first-child{min-width:150px}
tr.sel td{background:var(--accent-soft)}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.mono,td.num,td.nowrap{white-space:nowrap;overflow-wrap:normal}
td.time{font-family:var(--mono);font-size:12.5px;overflow-wrap:normal;min-width:6.5em}
.scroll{overflow-x:auto}
.badge{display:inline-block;border-radius:999px;padding:1px 8px;font-size:12px;font-weight:600;background:var(--off-bg);color:var(--off);white-space:nowrap}
.badge.ok{background:var(--ok-bg);color:var(--ok)}.badge.busy{background:var(--busy-bg);color:var(--busy)}.badge.bad{background:var(--bad-bg);color:var(--bad)}
.tag{font-size:11px;border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-left:4px;color:var(--muted)}
.next{font-size:12px;color:var(--muted);margin-left:4px}
form.row{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:end;margin:0 0 10px}
form.row label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
pre{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px;overflow:auto;font:12px/1.5 var(--mono);max-height:360px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:12.5px}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;font-family:var(--mono);overflow-wrap:anywhere}
ol.history{list-style:none;padding:0;margin:0;border-left:2px solid var(--line)}
ol.history li{padding:3px 0 3px 12px;position:relative}
ol.history li::before{content:"";position:absolute;left:-5px;top:10px;width:8px;height:8px;border-radius:50%;background:var(--accent)}
.empty{color:var(--muted);padding:8px 0}
#error:not(:empty){margin:12px 20px 0;padding:10px 14px;border-radius:8px;background:var(--bad-bg);color:var(--bad);font-weight:550}
.status-msg{min-height:1.4em;font-size:12.5px;color:var(--muted)}
.dot{width:8px;height:8px;border-radius:50%;background:var(--ok);display:inline-block}
.paused .dot{background:var(--muted)}
.refused{display:block;max-width:560px;margin:12vh auto;padding:24px;background:var(--card);border:1px solid var(--line);border-radius:10px}
@media (max-width:900px){main{grid-template-columns:1fr}#inspector{grid-column:1;grid-row:auto;position:static;max-height:none}}
`;
