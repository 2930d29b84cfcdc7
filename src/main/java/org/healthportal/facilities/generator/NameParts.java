package org.healthportal.facilities.generator;

import java.util.SplittableRandom;

/** The words generated names and addresses are made of, each {zh, pinyin or English}. */
final class NameParts {

  private NameParts() {}

  /** Care-home brand words {zh, pinyin}. */
  static final String[][] BRANDS = {
      {"颐康", "Yikang"}, {"福寿", "Fushou"}, {"康宁", "Kangning"}, {"夕阳红", "Xiyanghong"}, {"松鹤", "Songhe"},
      {"颐养", "Yiyang"}, {"安康", "Ankang"}, {"福康", "Fukang"}, {"长青", "Changqing"}, {"乐龄", "Leling"},
      {"仁爱", "Ren'ai"}, {"博爱", "Bo'ai"}, {"慈济", "Ciji"}, {"泰和", "Taihe"}, {"瑞康", "Ruikang"},
      {"鹤年", "Henian"}, {"康乐", "Kangle"}, {"祥和", "Xianghe"}, {"颐和", "Yihe"}, {"百福", "Baifu"},
      {"万福", "Wanfu"}, {"金秋", "Jinqiu"}, {"晚晴", "Wanqing"}, {"嘉和", "Jiahe"}, {"恒康", "Hengkang"},
      {"德康", "Dekang"}, {"普济", "Puji"}, {"爱心", "Aixin"}, {"同心", "Tongxin"}, {"幸福", "Xingfu"},
      {"康馨", "Kangxin"}, {"荣康", "Rongkang"}, {"颐馨", "Yixin"}, {"寿康", "Shoukang"}, {"永康", "Yongkang"},
      {"乐康", "Lekang"}, {"和美", "Hemei"}, {"春晖", "Chunhui"}, {"爱晚", "Aiwan"}, {"九如", "Jiuru"},
      {"椿萱", "Chunxuan"}, {"慈恩", "Ci'en"}, {"善德", "Shande"}, {"福缘", "Fuyuan"}, {"康泰", "Kangtai"},
      {"安泰", "Antai"}, {"银龄", "Yinling"}, {"孝亲", "Xiaoqin"}, {"鲁康", "Lukang"}, {"齐鲁", "Qilu"}};

  /** First and second syllables of place names (towns, subdistricts, communities) {zh, pinyin}. */
  static final String[][] PLACE_HEADS = {
      {"明", "Ming"}, {"峤", "Qiao"}, {"柳", "Liu"}, {"东", "Dong"}, {"西", "Xi"}, {"南", "Nan"}, {"北", "Bei"},
      {"大", "Da"}, {"小", "Xiao"}, {"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"马", "Ma"}, {"石", "Shi"},
      {"杏", "Xing"}, {"桃", "Tao"}, {"枣", "Zao"}, {"槐", "Huai"}, {"松", "Song"}, {"青", "Qing"}, {"金", "Jin"},
      {"龙", "Long"}, {"凤", "Feng"}, {"安", "An"}, {"兴", "Xing"}, {"华", "Hua"}, {"泉", "Quan"}, {"双", "Shuang"},
      {"高", "Gao"}, {"白", "Bai"}, {"黄", "Huang"}, {"朱", "Zhu"}, {"孙", "Sun"}, {"周", "Zhou"}, {"田", "Tian"},
      {"苗", "Miao"}, {"葛", "Ge"}, {"崔", "Cui"}, {"郭", "Guo"}, {"韩", "Han"}, {"徐", "Xu"}, {"陈", "Chen"},
      {"于", "Yu"}, {"仁", "Ren"}, {"丰", "Feng"}, {"永", "Yong"}, {"新", "Xin"}, {"古", "Gu"}, {"平", "Ping"},
      {"宁", "Ning"}};
  static final String[][] PLACE_TAILS = {
      {"水", "shui"}, {"庄", "zhuang"}, {"集", "ji"}, {"店", "dian"}, {"桥", "qiao"}, {"营", "ying"}, {"屯", "tun"},
      {"坡", "po"}, {"岭", "ling"}, {"沟", "gou"}, {"峪", "yu"}, {"口", "kou"}, {"湖", "hu"}, {"园", "yuan"},
      {"林", "lin"}, {"城", "cheng"}, {"关", "guan"}, {"楼", "lou"}, {"寨", "zhai"}, {"台", "tai"}, {"头", "tou"},
      {"埠", "bu"}, {"阳", "yang"}, {"山", "shan"}, {"河", "he"}, {"泉", "quan"}, {"家", "jia"}, {"里", "li"},
      {"亭", "ting"}, {"旺", "wang"}};

  /** A made-up but plausible two-character place name, {"柳庄", "Liuzhuang"}. */
  static String[] place(SplittableRandom r) {
    String[] head = PLACE_HEADS[r.nextInt(PLACE_HEADS.length)];
    int t = r.nextInt(PLACE_TAILS.length);
    if (head[0].equals(PLACE_TAILS[t][0])) { // no "泉泉": take the next tail
      t = (t + 1) % PLACE_TAILS.length;
    }
    return new String[] {head[0] + PLACE_TAILS[t][0], head[1] + PLACE_TAILS[t][1]};
  }

  static final String[][] STREETS = {
      {"文化", "Wenhua"}, {"和平", "Heping"}, {"解放", "Jiefang"}, {"建设", "Jianshe"}, {"人民", "Renmin"},
      {"胜利", "Shengli"}, {"幸福", "Xingfu"}, {"新华", "Xinhua"}, {"泰山", "Taishan"}, {"黄河", "Huanghe"},
      {"青年", "Qingnian"}, {"长江", "Changjiang"}, {"民生", "Minsheng"}, {"光明", "Guangming"}, {"团结", "Tuanjie"},
      {"振兴", "Zhenxing"}, {"中山", "Zhongshan"}, {"北京", "Beijing"}, {"上海", "Shanghai"}, {"南京", "Nanjing"},
      {"工业", "Gongye"}, {"健康", "Jiankang"}, {"银河", "Yinhe"}, {"长安", "Chang'an"}, {"朝阳", "Chaoyang"},
      {"东风", "Dongfeng"}, {"红旗", "Hongqi"}, {"兴隆", "Xinglong"}, {"花园", "Huayuan"}, {"育才", "Yucai"},
      {"友谊", "Youyi"}, {"滨河", "Binhe"}, {"府前", "Fuqian"}, {"迎宾", "Yingbin"}, {"学府", "Xuefu"},
      {"安居", "Anju"}, {"富民", "Fumin"}, {"利民", "Limin"}, {"齐鲁", "Qilu"}, {"泉城", "Quancheng"}};
  static final String[][] DIRECTIONS = {{"东", "East"}, {"西", "West"}, {"南", "South"}, {"北", "North"},
      {"中", "Middle"}};
  static final String[][] STREET_TYPES = {{"路", "Road"}, {"街", "Street"}, {"大道", "Avenue"}};
  static final double[] STREET_TYPE_WEIGHTS = {0.6, 0.25, 0.15};
  static final String[] NUMERALS_ZH = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
}
