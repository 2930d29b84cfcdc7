-- Shandong province (山东省, 370000): administrative divisions.
-- Source: GB/T 2260 codes for the administrative divisions of the PRC,
-- as of 2023 (after Laiwu merged into Jinan in 2019 and Changdao merged into
-- Penglai District in 2020). Only real GB/T 2260 units are loaded: no xx01
-- 市辖区 placeholders and no development zones (xx71-xx79 statistical codes).
-- Other provinces load their own data with their own migration in the same
-- shape (province row, then one INSERT per prefecture-level city).
-- Totals: 1 province, 16 cities, 136 county-level units (58 districts,
-- 26 county-level cities, 52 counties).

-- 山东省 Shandong province and its 16 prefecture-level cities
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370000', NULL, 'province', '山东省', 'Shandong'),
  ('370100', '370000', 'city', '济南市', 'Jinan'),
  ('370200', '370000', 'city', '青岛市', 'Qingdao'),
  ('370300', '370000', 'city', '淄博市', 'Zibo'),
  ('370400', '370000', 'city', '枣庄市', 'Zaozhuang'),
  ('370500', '370000', 'city', '东营市', 'Dongying'),
  ('370600', '370000', 'city', '烟台市', 'Yantai'),
  ('370700', '370000', 'city', '潍坊市', 'Weifang'),
  ('370800', '370000', 'city', '济宁市', 'Jining'),
  ('370900', '370000', 'city', '泰安市', 'Tai''an'),
  ('371000', '370000', 'city', '威海市', 'Weihai'),
  ('371100', '370000', 'city', '日照市', 'Rizhao'),
  ('371300', '370000', 'city', '临沂市', 'Linyi'),
  ('371400', '370000', 'city', '德州市', 'Dezhou'),
  ('371500', '370000', 'city', '聊城市', 'Liaocheng'),
  ('371600', '370000', 'city', '滨州市', 'Binzhou'),
  ('371700', '370000', 'city', '菏泽市', 'Heze');

-- 济南市 Jinan (370100): 12 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370102', '370100', 'district', '历下区', 'Lixia District'),
  ('370103', '370100', 'district', '市中区', 'Shizhong District'),
  ('370104', '370100', 'district', '槐荫区', 'Huaiyin District'),
  ('370105', '370100', 'district', '天桥区', 'Tianqiao District'),
  ('370112', '370100', 'district', '历城区', 'Licheng District'),
  ('370113', '370100', 'district', '长清区', 'Changqing District'),
  ('370114', '370100', 'district', '章丘区', 'Zhangqiu District'),
  ('370115', '370100', 'district', '济阳区', 'Jiyang District'),
  ('370116', '370100', 'district', '莱芜区', 'Laiwu District'),
  ('370117', '370100', 'district', '钢城区', 'Gangcheng District'),
  ('370124', '370100', 'district', '平阴县', 'Pingyin County'),
  ('370126', '370100', 'district', '商河县', 'Shanghe County');

-- 青岛市 Qingdao (370200): 10 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370202', '370200', 'district', '市南区', 'Shinan District'),
  ('370203', '370200', 'district', '市北区', 'Shibei District'),
  ('370211', '370200', 'district', '黄岛区', 'Huangdao District'),
  ('370212', '370200', 'district', '崂山区', 'Laoshan District'),
  ('370213', '370200', 'district', '李沧区', 'Licang District'),
  ('370214', '370200', 'district', '城阳区', 'Chengyang District'),
  ('370215', '370200', 'district', '即墨区', 'Jimo District'),
  ('370281', '370200', 'district', '胶州市', 'Jiaozhou City'),
  ('370283', '370200', 'district', '平度市', 'Pingdu City'),
  ('370285', '370200', 'district', '莱西市', 'Laixi City');

-- 淄博市 Zibo (370300): 8 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370302', '370300', 'district', '淄川区', 'Zichuan District'),
  ('370303', '370300', 'district', '张店区', 'Zhangdian District'),
  ('370304', '370300', 'district', '博山区', 'Boshan District'),
  ('370305', '370300', 'district', '临淄区', 'Linzi District'),
  ('370306', '370300', 'district', '周村区', 'Zhoucun District'),
  ('370321', '370300', 'district', '桓台县', 'Huantai County'),
  ('370322', '370300', 'district', '高青县', 'Gaoqing County'),
  ('370323', '370300', 'district', '沂源县', 'Yiyuan County');

-- 枣庄市 Zaozhuang (370400): 6 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370402', '370400', 'district', '市中区', 'Shizhong District'),
  ('370403', '370400', 'district', '薛城区', 'Xuecheng District'),
  ('370404', '370400', 'district', '峄城区', 'Yicheng District'),
  ('370405', '370400', 'district', '台儿庄区', 'Tai''erzhuang District'),
  ('370406', '370400', 'district', '山亭区', 'Shanting District'),
  ('370481', '370400', 'district', '滕州市', 'Tengzhou City');

-- 东营市 Dongying (370500): 5 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370502', '370500', 'district', '东营区', 'Dongying District'),
  ('370503', '370500', 'district', '河口区', 'Hekou District'),
  ('370505', '370500', 'district', '垦利区', 'Kenli District'),
  ('370522', '370500', 'district', '利津县', 'Lijin County'),
  ('370523', '370500', 'district', '广饶县', 'Guangrao County');

-- 烟台市 Yantai (370600): 11 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370602', '370600', 'district', '芝罘区', 'Zhifu District'),
  ('370611', '370600', 'district', '福山区', 'Fushan District'),
  ('370612', '370600', 'district', '牟平区', 'Muping District'),
  ('370613', '370600', 'district', '莱山区', 'Laishan District'),
  ('370614', '370600', 'district', '蓬莱区', 'Penglai District'),
  ('370681', '370600', 'district', '龙口市', 'Longkou City'),
  ('370682', '370600', 'district', '莱阳市', 'Laiyang City'),
  ('370683', '370600', 'district', '莱州市', 'Laizhou City'),
  ('370685', '370600', 'district', '招远市', 'Zhaoyuan City'),
  ('370686', '370600', 'district', '栖霞市', 'Qixia City'),
  ('370687', '370600', 'district', '海阳市', 'Haiyang City');

-- 潍坊市 Weifang (370700): 12 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370702', '370700', 'district', '潍城区', 'Weicheng District'),
  ('370703', '370700', 'district', '寒亭区', 'Hanting District'),
  ('370704', '370700', 'district', '坊子区', 'Fangzi District'),
  ('370705', '370700', 'district', '奎文区', 'Kuiwen District'),
  ('370724', '370700', 'district', '临朐县', 'Linqu County'),
  ('370725', '370700', 'district', '昌乐县', 'Changle County'),
  ('370781', '370700', 'district', '青州市', 'Qingzhou City'),
  ('370782', '370700', 'district', '诸城市', 'Zhucheng City'),
  ('370783', '370700', 'district', '寿光市', 'Shouguang City'),
  ('370784', '370700', 'district', '安丘市', 'Anqiu City'),
  ('370785', '370700', 'district', '高密市', 'Gaomi City'),
  ('370786', '370700', 'district', '昌邑市', 'Changyi City');

-- 济宁市 Jining (370800): 11 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370811', '370800', 'district', '任城区', 'Rencheng District'),
  ('370812', '370800', 'district', '兖州区', 'Yanzhou District'),
  ('370826', '370800', 'district', '微山县', 'Weishan County'),
  ('370827', '370800', 'district', '鱼台县', 'Yutai County'),
  ('370828', '370800', 'district', '金乡县', 'Jinxiang County'),
  ('370829', '370800', 'district', '嘉祥县', 'Jiaxiang County'),
  ('370830', '370800', 'district', '汶上县', 'Wenshang County'),
  ('370831', '370800', 'district', '泗水县', 'Sishui County'),
  ('370832', '370800', 'district', '梁山县', 'Liangshan County'),
  ('370881', '370800', 'district', '曲阜市', 'Qufu City'),
  ('370883', '370800', 'district', '邹城市', 'Zoucheng City');

-- 泰安市 Tai'an (370900): 6 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('370902', '370900', 'district', '泰山区', 'Taishan District'),
  ('370911', '370900', 'district', '岱岳区', 'Daiyue District'),
  ('370921', '370900', 'district', '宁阳县', 'Ningyang County'),
  ('370923', '370900', 'district', '东平县', 'Dongping County'),
  ('370982', '370900', 'district', '新泰市', 'Xintai City'),
  ('370983', '370900', 'district', '肥城市', 'Feicheng City');

-- 威海市 Weihai (371000): 4 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371002', '371000', 'district', '环翠区', 'Huancui District'),
  ('371003', '371000', 'district', '文登区', 'Wendeng District'),
  ('371082', '371000', 'district', '荣成市', 'Rongcheng City'),
  ('371083', '371000', 'district', '乳山市', 'Rushan City');

-- 日照市 Rizhao (371100): 4 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371102', '371100', 'district', '东港区', 'Donggang District'),
  ('371103', '371100', 'district', '岚山区', 'Lanshan District'),
  ('371121', '371100', 'district', '五莲县', 'Wulian County'),
  ('371122', '371100', 'district', '莒县', 'Ju County');

-- 临沂市 Linyi (371300): 12 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371302', '371300', 'district', '兰山区', 'Lanshan District'),
  ('371311', '371300', 'district', '罗庄区', 'Luozhuang District'),
  ('371312', '371300', 'district', '河东区', 'Hedong District'),
  ('371321', '371300', 'district', '沂南县', 'Yinan County'),
  ('371322', '371300', 'district', '郯城县', 'Tancheng County'),
  ('371323', '371300', 'district', '沂水县', 'Yishui County'),
  ('371324', '371300', 'district', '兰陵县', 'Lanling County'),
  ('371325', '371300', 'district', '费县', 'Fei County'),
  ('371326', '371300', 'district', '平邑县', 'Pingyi County'),
  ('371327', '371300', 'district', '莒南县', 'Junan County'),
  ('371328', '371300', 'district', '蒙阴县', 'Mengyin County'),
  ('371329', '371300', 'district', '临沭县', 'Linshu County');

-- 德州市 Dezhou (371400): 11 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371402', '371400', 'district', '德城区', 'Decheng District'),
  ('371403', '371400', 'district', '陵城区', 'Lingcheng District'),
  ('371422', '371400', 'district', '宁津县', 'Ningjin County'),
  ('371423', '371400', 'district', '庆云县', 'Qingyun County'),
  ('371424', '371400', 'district', '临邑县', 'Linyi County'),
  ('371425', '371400', 'district', '齐河县', 'Qihe County'),
  ('371426', '371400', 'district', '平原县', 'Pingyuan County'),
  ('371427', '371400', 'district', '夏津县', 'Xiajin County'),
  ('371428', '371400', 'district', '武城县', 'Wucheng County'),
  ('371481', '371400', 'district', '乐陵市', 'Leling City'),
  ('371482', '371400', 'district', '禹城市', 'Yucheng City');

-- 聊城市 Liaocheng (371500): 8 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371502', '371500', 'district', '东昌府区', 'Dongchangfu District'),
  ('371503', '371500', 'district', '茌平区', 'Chiping District'),
  ('371521', '371500', 'district', '阳谷县', 'Yanggu County'),
  ('371522', '371500', 'district', '莘县', 'Shen County'),
  ('371524', '371500', 'district', '东阿县', 'Dong''e County'),
  ('371525', '371500', 'district', '冠县', 'Guan County'),
  ('371526', '371500', 'district', '高唐县', 'Gaotang County'),
  ('371581', '371500', 'district', '临清市', 'Linqing City');

-- 滨州市 Binzhou (371600): 7 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371602', '371600', 'district', '滨城区', 'Bincheng District'),
  ('371603', '371600', 'district', '沾化区', 'Zhanhua District'),
  ('371621', '371600', 'district', '惠民县', 'Huimin County'),
  ('371622', '371600', 'district', '阳信县', 'Yangxin County'),
  ('371623', '371600', 'district', '无棣县', 'Wudi County'),
  ('371625', '371600', 'district', '博兴县', 'Boxing County'),
  ('371681', '371600', 'district', '邹平市', 'Zouping City');

-- 菏泽市 Heze (371700): 9 county-level units
INSERT INTO region (code, parent_code, level, name_zh, name_en) VALUES
  ('371702', '371700', 'district', '牡丹区', 'Mudan District'),
  ('371703', '371700', 'district', '定陶区', 'Dingtao District'),
  ('371721', '371700', 'district', '曹县', 'Cao County'),
  ('371722', '371700', 'district', '单县', 'Shan County'),
  ('371723', '371700', 'district', '成武县', 'Chengwu County'),
  ('371724', '371700', 'district', '巨野县', 'Juye County'),
  ('371725', '371700', 'district', '郓城县', 'Yuncheng County'),
  ('371726', '371700', 'district', '鄄城县', 'Juancheng County'),
  ('371728', '371700', 'district', '东明县', 'Dongming County');
