/* 区域选择：按客户选的省份/城市显示适用的时限（本市/省内/省外）。句子由 generator/sentences.py 生成、随数据嵌入，脚本只负责显示。
   数据来自页面中的 <script type="application/json" data-picker-data>，不联网。 */
(function () {
  "use strict";
  var KEY = "tender-place";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show(box, data, province, city) {
    var result = box.querySelector("[data-picker-result]");
    var p = data.provinces.filter(function (x) { return x.province === province; })[0];
    if (!p) return;
    var region = p.region;
    if (city) {
      var c = p.cities.filter(function (x) { return x.city === city; })[0];
      if (c) region = c.region;
    }
    result.textContent = "";
    var head = el("p", "tender-picker__region");
    head.appendChild(document.createTextNode((city || province) + "属于"));
    head.appendChild(el("strong", null, data.labels[region]));
    head.appendChild(document.createTextNode("，适用以下时限："));
    result.appendChild(head);
    data.policies.forEach(function (pol) {
      if (data.policies.length > 1) result.appendChild(el("p", "tender-picker__policy", pol.title));
      var ul = el("ul");
      pol.times.forEach(function (lv) {
        var t = lv.times[region] || lv.times["各区域"];  /* 不分区域的时限适用于所有区域 */
        var li = el("li");
        li.appendChild(el("strong", null, lv.level + (lv.name ? "（" + lv.name + "）" : "") + "："));
        li.appendChild(document.createTextNode(t && t.sentence ? t.sentence : "本政策未对该区域承诺时限，请致电服务热线。"));
        ul.appendChild(li);
      });
      result.appendChild(ul);
    });
    document.querySelectorAll("[data-region]").forEach(function (row) {
      row.classList.toggle("tender-mine", row.getAttribute("data-region") === region);
    });
  }

  function setup(box) {
    var data = JSON.parse(box.querySelector("[data-picker-data]").textContent);
    var prov = box.querySelector("[data-picker-province]");
    var cityLabel = box.querySelector("[data-picker-city-label]");
    var citySel = box.querySelector("[data-picker-city]");

    function fillCities(province) {
      var p = data.provinces.filter(function (x) { return x.province === province; })[0];
      citySel.textContent = "";
      if (!p || !p.cities.length) { cityLabel.hidden = true; return; }
      var other = el("option", null, "其他城市");
      other.value = "";
      p.cities.forEach(function (c) {
        var o = el("option", null, c.city);
        o.value = c.city;
        citySel.appendChild(o);
      });
      citySel.appendChild(other);
      cityLabel.hidden = false;
    }

    function remember(province, city) {
      try { localStorage.setItem(KEY, JSON.stringify({ province: province, city: city })); } catch (e) { /* private mode */ }
    }

    prov.addEventListener("change", function () {
      fillCities(prov.value);
      var city = cityLabel.hidden ? "" : citySel.value;
      show(box, data, prov.value, city);
      remember(prov.value, city);
    });
    citySel.addEventListener("change", function () {
      show(box, data, prov.value, citySel.value);
      remember(prov.value, citySel.value);
    });
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (saved && saved.province) {
      prov.value = saved.province;
      if (prov.value === saved.province) {
        fillCities(saved.province);
        if (saved.city) citySel.value = saved.city;
        show(box, data, saved.province, cityLabel.hidden ? "" : citySel.value);
      }
    }
  }

  function init() {
    document.querySelectorAll("[data-tender-picker]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
