// The report page's own stylesheet and scripts. Leaflet comes from leaflet_assets (generated);
// everything here is plain ES5 so the file opens in any browser a health commission runs.

#include "parts.hpp"

namespace jw::report::detail {

const char* page_css() {
    return R"css(
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;line-height:1.5}
header{background:#1f4e79;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;font-size:13px;opacity:.9}
main{padding:8px 24px 40px;max-width:1400px}
nav a{margin-right:14px}
h2{border-bottom:2px solid #1f4e79;padding-bottom:2px;margin-top:28px}
.en{display:none}
body.lang-en .en{display:inline}
body.lang-en .zh{display:none}
#jw-lang{float:right;background:#fff;color:#1f4e79;border:0;padding:4px 10px;cursor:pointer;font-size:13px}
.notice{border-left:4px solid #b2182b;background:#fdf0ee;padding:6px 12px;margin:8px 0}
.notice.info{border-color:#4393c3;background:#eef5fb}
#jw-map{height:560px;border:1px solid #999;background:#f4f4f0}
.jw-switcher{background:#fff;padding:6px 8px;font-size:13px}
.jw-switcher select{max-width:320px;margin:2px 0}
.jw-legend{background:#fff;padding:6px 8px;font-size:12px;line-height:18px;border:1px solid #999}
.jw-legend i{display:inline-block;width:16px;height:12px;margin-right:6px;border:1px solid #555;vertical-align:middle}
table{border-collapse:collapse;font-size:12px;margin:6px 0}
th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}
th small{display:block;font-weight:normal;color:#666}
td.num{text-align:right;white-space:nowrap}
td.status,table.gaps td:nth-child(2){white-space:nowrap}
tr.s-gap td.status{background:#f4a582}
tr.s-met td.status{background:#92c5de}
tr.s-unknown td.status{background:#e0e0e0}
tr.s-suppressed td.status{background:#f7f7f7;font-style:italic}
body.gaps-only tr.s-met{display:none}
blockquote{margin:2px 0;color:#444;font-size:12px}
pre.licence{font-size:11px;background:#f6f6f6;padding:8px;white-space:pre-wrap}
@media print{#jw-lang,.leaflet-control-layers{display:none}th{position:static}}
)css";
}

// Runs first: every script error, failed resource and console.error lands in the
// data-jw-errors attribute of <html>, which a reader (or the test, from the dumped DOM) checks.
const char* page_error_recorder_js() {
    return R"js(
(function(){
  var root=document.documentElement, errors=[];
  function record(m){errors.push(String(m));root.setAttribute('data-jw-errors',JSON.stringify(errors));}
  root.setAttribute('data-jw-errors','[]');
  window.addEventListener('error',function(e){
    record(e.message?('error: '+e.message):('resource failed: '+((e.target&&(e.target.src||e.target.href))||'?')));
  },true);
  document.addEventListener('securitypolicyviolation',function(e){record('blocked: '+e.blockedURI);});
  var original=console.error;
  console.error=function(){record(Array.prototype.join.call(arguments,' '));return original.apply(console,arguments);};
})();
)js";
}

const char* page_js() {
    return R"js(
(function(){
  var D=JSON.parse(document.getElementById('jw-data').textContent);
  var body=document.body, lang=document.getElementById('jw-lang');
  lang.onclick=function(){body.classList.toggle('lang-en');};
  // A view can be linked: report.html#lang=en&level=township&indicator=psychiatric_beds&sites=1&facilities=0
  var hash={};
  location.hash.replace(/^#/,'').split('&').forEach(function(kv){var p=kv.split('=');if(p[0]) hash[p[0]]=decodeURIComponent(p[1]||'');});
  if(hash.lang==='en') body.classList.add('lang-en');
  var only=document.getElementById('jw-gaps-only');
  if(only) only.onchange=function(){body.classList.toggle('gaps-only',only.checked);};
  function esc(s){var d=document.createElement('div');d.textContent=(s===null||s===undefined)?'':String(s);return d.innerHTML;}
  function bi(zh,en){return '<span class="zh">'+esc(zh)+'</span><span class="en">'+esc(en)+'</span>';}
  // Click a column header to sort the table by it (numbers as numbers, "<5"/"unknown" last).
  Array.prototype.forEach.call(document.querySelectorAll('table.gaps, table.access-units'),function(table){
    Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
      th.style.cursor='pointer';
      th.onclick=function(){
        var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
        var dir=th.getAttribute('data-sort')==='asc'?-1:1;
        function key(r){var t=r.cells[col].textContent.replace(/[%,]/g,'');var n=parseFloat(t);return isNaN(n)?null:n;}
        rows.sort(function(a,b){var x=key(a),y=key(b);
          if(x===null&&y===null) return dir*a.cells[col].textContent.localeCompare(b.cells[col].textContent,'zh');
          if(x===null) return 1; if(y===null) return -1; return dir*(x-y);});
        rows.forEach(function(r){body.appendChild(r);});
        th.setAttribute('data-sort',dir===1?'asc':'desc');
      };
    });
  });
  var mapEl=document.getElementById('jw-map');
  var fill={met:'#4393c3',unknown:'#d9d9d9',suppressed:'#ffffff'};
  function gapFill(r){return r>0.5?'#b2182b':r>0.25?'#d6604d':r>0.1?'#f4a582':'#fddbc7';}
  // Access layers: mean minutes to the nearest facility, sequential (ColorBrewer BuPu).
  var accessClasses=[[15,'#edf8fb'],[30,'#b3cde3'],[45,'#8c96c6'],[60,'#8856a7'],[1e9,'#810f7c']];
  function accessFill(m){for(var i=0;i<accessClasses.length;i++) if(m<=accessClasses[i][0]) return accessClasses[i][1];}
  function style(row,ind){
    if(!row) return {color:'#777',weight:1,fillColor:'#ffffff',fillOpacity:0.2,dashArray:'2 4'};
    if(ind&&ind.type==='access') return {color:'#333',weight:1,fillOpacity:0.85,
      fillColor:row.m===null?'#d9d9d9':accessFill(row.m),dashArray:row.m===null?'3 3':null};
    var dashed=row.s==='unknown'||row.s==='suppressed';
    return {color:'#333',weight:1,fillOpacity:0.85,dashArray:dashed?'3 3':null,
            fillColor:row.s==='gap'?gapFill(row.r||0):fill[row.s]};
  }
  var statusName={gap:['未达标','short of target'],met:['达标','target met'],
                  unknown:['未知','unknown'],suppressed:['已抑制（小数）','suppressed (small count)']};
  function tip(p,ind,row){
    if(ind.type==='access') return '<b>'+esc(p.name)+'</b> '+esc(p.code)+'<br>'+bi(ind.name_zh,ind.name_en)+'<br>'+
      bi('平均 ','mean ')+esc(row.v)+bi(' 分钟；中位 ',' min; median ')+esc(row.med)+bi(' 分钟',' min')+'<br>'+
      bi('不可达人口 ','population beyond reach ')+esc(row.u)+'<br>'+esc(ind.travel);
    var st=statusName[row.s]||['无数据','no data'];
    var h='<b>'+esc(p.name)+'</b> '+esc(p.code)+'<br>'+bi(ind.name_zh,ind.name_en)+'<br>'+
      bi('现值 ','value ')+esc(row.v)+' '+esc(ind.unit)+'; '+bi('目标 ','target ')+esc(ind.cmp)+' '+esc(ind.target)+' '+esc(ind.unit)+'<br>'+
      bi('状态 ','status ')+bi(st[0],st[1]);
    if(row.s==='gap') h+='<br>'+bi('差距 ','gap ')+esc(row.g)+' '+esc(ind.unit)+'<br>'+
      bi('补齐：','closes it: ')+esc(row.c)+' '+bi(ind.closes_zh,ind.closes_en);
    return h;
  }
  if(!window.L){throw new Error('Leaflet is missing from the report');}
  var map=L.map(mapEl,{zoomSnap:0.25});
  map.attributionControl.setPrefix('Leaflet '+esc(D.leaflet_version)+' (BSD-2-Clause)');
  map.attributionControl.addAttribution(D.attribution);
  // One layer per (level, indicator); a two-select switcher picks which one is shown.
  var layers={}, bounds=null, current=null, sel={level:null,indicator:null};
  D.levels.forEach(function(lv){
    layers[lv.level]={};
    lv.indicators.forEach(function(ind){
      var layer=L.geoJSON(lv.features,{
        style:function(f){return style(ind.rows[f.properties.code],ind);},
        onEachFeature:function(f,l){var r=ind.rows[f.properties.code]; if(r) l.bindTooltip(tip(f.properties,ind,r),{sticky:true});}
      });
      layers[lv.level][ind.key]=layer;
      var b=layer.getBounds();
      if(b.isValid()) bounds=bounds?bounds.extend(b):L.latLngBounds(b.getSouthWest(),b.getNorthEast());
    });
  });
  var overlays={};
  // Facilities by kind (ColorBrewer Dark2), psychiatric beds scaled; on by default.
  var kinds={psychiatric_hospital:['#d95f02','精神专科医院','psychiatric hospital'],
    general_hospital_psychiatry:['#7570b3','综合医院精神科','general hospital psychiatry'],
    township_health_centre:['#1b9e77','乡镇卫生院','township health centre'],
    community_health_centre:['#1b9e77','社区卫生服务中心','community health centre'],
    community_rehab:['#e7298a','社区康复机构','community rehab'],
    prevention_institution:['#66a61e','精防机构','prevention institution'],
    other:['#666666','其他','other']};
  var facilityLayer=null;
  if(D.facilities.length){
    facilityLayer=L.layerGroup();
    D.facilities.forEach(function(f){
      var k=kinds[f.kind]||kinds.other, beds=f.beds_authorised!==null?f.beds_authorised:f.beds_open;
      var m=L.circleMarker([f.lat,f.lon],{radius:beds?Math.min(12,4+Math.sqrt(beds)/2):4,color:'#fff',weight:1,
        fillColor:k[0],fillOpacity:f.status==='planned'?0.4:0.95});
      m.bindTooltip('<b>'+esc(f.name)+'</b><br>'+bi(k[1],k[2])+(f.status==='planned'?bi('（规划）',' (planned)'):'')+
        '<br>'+bi('编制床位 ','authorised beds ')+esc(f.beds_authorised===null?'?':f.beds_authorised)+
        '; '+bi('精神科医师 ','psychiatrists ')+esc(f.psychiatrists===null?'?':f.psychiatrists)+
        (f.derived?'<br>'+bi('推算记录','derived row'):''));
      facilityLayer.addLayer(m);
    });
  }
  D.sites.forEach(function(s){
    if(!overlays[s.study]) overlays[s.study]={group:L.layerGroup(),zh:s.study_zh,en:s.study_en};
    var m=L.circleMarker([s.lat,s.lon],{radius:s.status==='new'?7:5,color:'#000',weight:1,
      fillColor:s.status==='new'?'#ffd92f':'#66c2a5',fillOpacity:0.95});
    m.bindTooltip('<b>'+esc(s.name)+'</b><br>'+bi(s.study_zh,s.study_en)+'<br>'+
      (s.status==='new'?bi('新增 #'+s.order,'new #'+s.order):bi('现有','existing')));
    overlays[s.study].group.addLayer(m);
    bounds=bounds?bounds.extend([s.lat,s.lon]):L.latLngBounds([s.lat,s.lon],[s.lat,s.lon]);
  });
  if(!bounds){mapEl.innerHTML='<p class="notice">'+bi('工作区没有单元边界，无法绘图。','The workspace has no unit outlines to map.')+'</p>';
    mapEl.setAttribute('data-jw-paths','0');return;}
  map.fitBounds(bounds,{padding:[10,10]});
  function en(){return body.classList.contains('lang-en');}
  function levelOf(key){for(var i=0;i<D.levels.length;i++) if(D.levels[i].level===key) return D.levels[i];}
  function show(level,indicator){
    var lv=levelOf(level); if(!lv||!lv.indicators.length) return;
    if(!layers[level][indicator]) indicator=lv.indicators[0].key;
    if(current) map.removeLayer(current);
    current=layers[level][indicator]; current.addTo(map); current.bringToBack(); // markers stay on top
    sel.level=level; sel.indicator=indicator;
    mapEl.setAttribute('data-jw-layer',level+':'+indicator);
    var ind=null; lv.indicators.forEach(function(i){if(i.key===indicator) ind=i;});
    var t=document.getElementById('jw-legend-target');
    if(t) t.innerHTML=bi(ind.name_zh,ind.name_en)+(ind.type==='access'?'':'<br>'+bi('目标 ','target ')+esc(ind.cmp+' '+ind.target+' '+ind.unit));
    var lg=document.getElementById('jw-legend-gap'), la=document.getElementById('jw-legend-access');
    if(lg&&la){lg.style.display=ind.type==='access'?'none':'';la.style.display=ind.type==='access'?'':'none';}
    fill_selects();
  }
  var switcher=L.control({position:'topright'}), levelSelect, indicatorSelect;
  function fill_selects(){
    levelSelect.innerHTML=''; indicatorSelect.innerHTML='';
    D.levels.forEach(function(lv){var o=document.createElement('option');o.value=lv.level;
      o.textContent=en()?lv.name_en:lv.name_zh;o.selected=lv.level===sel.level;levelSelect.appendChild(o);});
    levelOf(sel.level).indicators.forEach(function(ind){var o=document.createElement('option');o.value=ind.key;
      o.textContent=en()?ind.name_en:ind.name_zh;o.selected=ind.key===sel.indicator;indicatorSelect.appendChild(o);});
  }
  switcher.onAdd=function(){
    var d=L.DomUtil.create('div','jw-switcher leaflet-bar');
    d.innerHTML='<label>'+bi('层级','Level')+' <select id="jw-level"></select></label><br>'+
      '<label>'+bi('指标','Indicator')+' <select id="jw-indicator"></select></label>';
    levelSelect=d.querySelector('#jw-level'); indicatorSelect=d.querySelector('#jw-indicator');
    levelSelect.onchange=function(){show(levelSelect.value,sel.indicator);};
    indicatorSelect.onchange=function(){show(sel.level,indicatorSelect.value);};
    L.DomEvent.disableClickPropagation(d);
    return d;
  };
  switcher.addTo(map);
  lang.addEventListener('click',function(){if(sel.level) fill_selects();});
  if(D.levels.length){
    var start=D.levels[0];
    D.levels.forEach(function(lv){if(lv.level===D.default_level) start=lv;});
    // Open on the preferred indicator when it has figures, else the first one that has.
    function known(ind){for(var c in ind.rows){var st=ind.rows[c].s;if(st==='gap'||st==='met') return true;}return false;}
    var want=null;
    start.indicators.forEach(function(ind){if(ind.key===D.default_indicator&&known(ind)) want=ind.key;});
    start.indicators.forEach(function(ind){if(!want&&known(ind)) want=ind.key;});
    if(hash.level&&levelOf(hash.level)){start=levelOf(hash.level);want=null;
      start.indicators.forEach(function(ind){if(ind.key===hash.indicator) want=ind.key;});
      start.indicators.forEach(function(ind){if(!want&&known(ind)) want=ind.key;});}
    show(start.level,want||D.default_indicator);
  }
  var overlayNames={}, anyOverlay=false;
  if(facilityLayer){overlayNames[bi('现有机构','facilities')]=facilityLayer;anyOverlay=true;
    if(hash.facilities!=='0') facilityLayer.addTo(map);}
  for(var k in overlays){overlayNames[bi(overlays[k].zh,overlays[k].en)]=overlays[k].group;anyOverlay=true;
    if(hash.sites==='1') overlays[k].group.addTo(map);}
  if(anyOverlay) L.control.layers(null,overlayNames,{collapsed:false,position:'topright'}).addTo(map);
  L.control.scale({imperial:false}).addTo(map);
  var legend=L.control({position:'bottomright'});
  legend.onAdd=function(){
    var d=L.DomUtil.create('div','jw-legend');
    var rows=[['#b2182b','差距 > 50%','gap > 50 %'],['#d6604d','差距 25–50%','gap 25–50 %'],
      ['#f4a582','差距 10–25%','gap 10–25 %'],['#fddbc7','差距 0–10%','gap 0–10 %'],
      ['#4393c3','达标','target met'],['#d9d9d9','未知（缺数据）','unknown (missing input)'],
      ['#ffffff','已抑制：患者数 1–'+(D.k-1),'suppressed: 1–'+(D.k-1)+' patients']];
    var h='<div id="jw-legend-target"></div><div id="jw-legend-gap"><b>'+bi('相对差距（目标−现值）/目标','relative gap (target−value)/target')+'</b><br>';
    rows.forEach(function(r){h+='<i style="background:'+r[0]+'"></i>'+bi(r[1],r[2])+'<br>';});
    h+='</div><div id="jw-legend-access" style="display:none"><b>'+bi('到最近机构平均分钟','mean minutes to the nearest')+'</b><br>';
    var lo=0; accessClasses.forEach(function(c){h+='<i style="background:'+c[1]+'"></i>'+
      (c[0]<1e9?lo+'–'+c[0]:'> '+lo)+bi(' 分钟',' min')+'<br>';lo=c[0];});
    h+='<i style="background:#d9d9d9"></i>'+bi('无法到达','no facility reachable')+'<br></div>';
    if(D.sites.length) h+='<i style="background:#ffd92f;border-radius:8px"></i>'+bi('新增选址','new site')+'<br>';
    if(facilityLayer){h+='<b>'+bi('机构（圆大小示床位数）','facilities (size = beds)')+'</b><br>';
      ['psychiatric_hospital','general_hospital_psychiatry','township_health_centre','community_rehab'].forEach(function(k){
        var v=kinds[k];h+='<i style="background:'+v[0]+';border-radius:8px"></i>'+bi(v[1],v[2])+'<br>';});}
    d.innerHTML=h;return d;
  };
  legend.addTo(map);
  if(sel.level) show(sel.level,sel.indicator); // fills the legend's target line
  mapEl.setAttribute('data-jw-paths',String(mapEl.querySelectorAll('svg path').length));
})();
)js";
}

} // namespace jw::report::detail
